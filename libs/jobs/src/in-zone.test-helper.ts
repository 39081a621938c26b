/** Runs `fn` with process.env.TZ = tz (what every app sets from TIMEZONE), then puts the old value back. */
export function inZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
