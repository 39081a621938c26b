import { MONTHS_LONG, MONTHS_SHORT, WEEKDAYS_SHORT } from './id-locale.js';

/**
 * Times as the user reads them, always in the configured TIMEZONE (passed in: a presenter
 * gets it from `config.timezone`), and the zone arithmetic behind them. Every app sets
 * process.env.TZ = TIMEZONE at start (useConfigTimezone), so for that zone the Date getters
 * give the local fields and no Intl is touched: Intl's first use costs ~8 MB RSS for the
 * rest of the process (docs/decisions/052-no-icu-on-the-normal-path.md). Another zone (a
 * test, a caller with its own) goes through a cached Intl.DateTimeFormat.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short', hourCycle: 'h23' });
    cache.set(timeZone, f);
  }
  return f;
}

/** The local calendar and clock fields of an instant in a zone (month 1-12, weekday 0 = Sunday). */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function fields(ms: number, timeZone: string): Fields {
  if (timeZone === process.env.TZ) {
    const d = new Date(ms);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), weekday: d.getDay() };
  }
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second), weekday: EN_WEEKDAYS.indexOf(p.weekday ?? 'Sun') };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export interface ClockOptions {
  /** "25/11 10:04": with day and month. Default false. */
  date?: boolean;
  /** "10:04:05". Default false. */
  seconds?: boolean;
}

/** "10:04" (or "25/11 10:04", "10:04:05") in `timeZone`, 24-hour clock. */
export function clock(ms: number, timeZone: string, opts: ClockOptions = {}): string {
  const f = fields(ms, timeZone);
  const hm = `${pad2(f.hour)}:${pad2(f.minute)}${opts.seconds ? `:${pad2(f.second)}` : ''}`;
  return opts.date ? `${pad2(f.day)}/${pad2(f.month)} ${hm}` : hm;
}

/** "Sab, 6 Des, 10.04": a moment within the last or next days (backups, SMART checks). */
export function dayTime(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${WEEKDAYS_SHORT[f.weekday]}, ${f.day} ${MONTHS_SHORT[f.month - 1]}, ${pad2(f.hour)}.${pad2(f.minute)}`;
}

/** "6/12/2026, 10.04.05": a full date and time (when the server booted). */
export function dateTime(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${f.day}/${f.month}/${f.year}, ${pad2(f.hour)}.${pad2(f.minute)}.${pad2(f.second)}`;
}

/** "6 Desember": the day of a daily summary. */
export function dayMonth(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${f.day} ${MONTHS_LONG[f.month - 1]}`;
}

/** The local calendar day of `ms` in `timeZone`, "2026-12-06" (to compare days). */
export function localDay(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${f.year}-${pad2(f.month)}-${pad2(f.day)}`;
}

/** The local date and time of `ms` as parts: "2026-12-06", "100405", weekday 0 = Sunday. */
export function zonedParts(ms: number, timeZone: string): { date: string; time: string; weekday: number } {
  const f = fields(ms, timeZone);
  return { date: `${f.year}-${pad2(f.month)}-${pad2(f.day)}`, time: `${pad2(f.hour)}${pad2(f.minute)}${pad2(f.second)}`, weekday: f.weekday };
}

/** Offset of `timeZone` from UTC at instant `at`, in ms (UTC+7: 7 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const f = fields(at, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant when the local clock in `timeZone` shows date y-m-d at hh:mm. */
export function zonedToUtc(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Re-check once: the offset may differ on the other side of a DST change.
  return guess - zoneOffsetMs(first, timeZone);
}
