/** Offset of `timeZone` from UTC at instant `at`, in ms (Asia/Jakarta: +7 h). */
function offsetMs(at: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant when the local clock in `timeZone` shows date y-m-d at hh:mm. */
export function zonedToUtc(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(guess, timeZone);
  // Re-check once: the offset may differ on the other side of a DST change.
  return guess - offsetMs(first, timeZone);
}

function localDate(at: number, timeZone: string): [number, number, number] {
  const s = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The most recent instant at or before `now` when the daily time "HH:MM" was due. */
export function lastDueTime(now: number, time: string, timeZone: string): number {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const [y, m, d] = localDate(now, timeZone);
  const today = zonedToUtc(y, m, d, hh, mm, timeZone);
  if (today <= now) return today;
  const [y2, m2, d2] = localDate(now - 86400_000, timeZone);
  return zonedToUtc(y2, m2, d2, hh, mm, timeZone);
}

/** The next instant after `now` when "HH:MM" is due. */
export function nextDueTime(now: number, time: string, timeZone: string): number {
  const last = lastDueTime(now, time, timeZone);
  const [y, m, d] = localDate(last + 36 * 3600_000, timeZone);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return zonedToUtc(y, m, d, hh, mm, timeZone);
}

/** The cron pattern for a daily time: "30 2 * * *" for 02:30. */
export function dailyPattern(time: string): string {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return `${mm} ${hh} * * *`;
}
