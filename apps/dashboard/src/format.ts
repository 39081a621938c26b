/** The dashboard's words come from the one format module in @potion/jobs (sizes, durations, times). */
import { ago, dateTime, duration, percent, size } from '@potion/jobs';

export { ago, duration, percent, size as bytes };

/** A wall-clock date and time in the user's time zone, e.g. "25/11/2026, 02.30.00". */
export const clock = (ms: number, timeZone: string): string => dateTime(ms, timeZone);
