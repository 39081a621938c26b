import { localDay, zonedToUtc } from '@potion/jobs';

export { zonedToUtc };

function localDate(at: number, timeZone: string): [number, number, number] {
  return localDay(at, timeZone).split('-').map(Number) as [number, number, number];
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
