/** The dashboard's words come from the one format module in @potion/jobs (sizes, durations, times). */
import { ago, dateTime, duration, percent, size } from '@potion/jobs';

export { ago, duration, percent, size as bytes };




/** A wall-clock time in the user's time zone, e.g. "25 Nov 2026, 02.30". */
export function clock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

/** "14:02" in the user's time zone (24-hour, colon, like the bot). */
export function hhmm(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

const dayKey = (ms: number, timeZone: string) => new Date(ms).toLocaleDateString('en-CA', { timeZone });

/** A moment as a person says it: "14:02" today, "kemarin 14:02", else "3 Des 14:02". */
export function localTime(ms: number, now: number, timeZone: string): string {
  const day = dayKey(ms, timeZone);
  if (day === dayKey(now, timeZone)) return hhmm(ms, timeZone);
  if (day === dayKey(now - 86_400_000, timeZone)) return `kemarin ${hhmm(ms, timeZone)}`;
  const date = new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'short' }).format(new Date(ms));
  return `${date} ${hhmm(ms, timeZone)}`;
}

/** "14:02, 3 jam lalu": the local time and the age, for "sejak …" and "… terakhir". */
export function whenAgo(ms: number, now: number, timeZone: string): string {
  return `${localTime(ms, now, timeZone)}, ${ago(now - ms)}`;
}
