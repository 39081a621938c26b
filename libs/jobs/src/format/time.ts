/**
 * Times as the user reads them, always in the configured TIMEZONE (passed in: a presenter
 * gets it from `config.timezone`), and the zone arithmetic behind them. Formatters are
 * cached per zone and style: building one costs ~0.4 ms, a sizeable part of a Status press.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...opts });
    cache.set(key, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const f = formatter('en-GB', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short', hourCycle: 'h23' });
  return Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

export interface ClockOptions {
  /** "25/11 10:04": with day and month. Default false. */
  date?: boolean;
  /** "10:04:05". Default false. */
  seconds?: boolean;
}

/** "10:04" (or "25/11 10:04", "10:04:05") in `timeZone`, 24-hour clock. */
export function clock(ms: number, timeZone: string, opts: ClockOptions = {}): string {
  const p = parts(ms, timeZone);
  const hm = `${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
  return opts.date ? `${p.day}/${p.month} ${hm}` : hm;
}

/** "Sab, 6 Des 10.04": a moment within the last or next days (backups, SMART checks). */
export function dayTime(ms: number, timeZone: string): string {
  return formatter('id-ID', timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** "6/12/2026, 10.04.05": a full date and time (when the server booted). */
export function dateTime(ms: number, timeZone: string): string {
  return formatter('id-ID', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(new Date(ms));
}

/** "6 Desember": the day of a daily summary. */
export function dayMonth(ms: number, timeZone: string): string {
  return formatter('id-ID', timeZone, { day: 'numeric', month: 'long' }).format(new Date(ms));
}

/** The local calendar day of `ms` in `timeZone`, "2026-12-06" (to compare days). */
export function localDay(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local date and time of `ms` as parts: "2026-12-06", "100405", weekday 0 = Sunday. */
export function zonedParts(ms: number, timeZone: string): { date: string; time: string; weekday: number } {
  const p = parts(ms, timeZone);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? 'Sun');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}${p.minute}${p.second}`, weekday };
}

/** Offset of `timeZone` from UTC at instant `at`, in ms (UTC+7: 7 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant when the local clock in `timeZone` shows date y-m-d at hh:mm. */
export function zonedToUtc(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Re-check once: the offset may differ on the other side of a DST change.
  return guess - zoneOffsetMs(first, timeZone);
}
