import { defaultRepeatStrategy, type RepeatOptions, type RepeatStrategy } from 'bullmq';

/**
 * The next run of our own schedules without luxon or Intl (docs/decisions/052-no-icu-on-the-normal-path.md).
 * BullMQ's default strategy asks cron-parser, which asks luxon, which validates the zone
 * with Intl.DateTimeFormat on every call: the first one maps ICU's data into the worker
 * for the rest of its life (~8 MB RSS). Our patterns are "m h * * *" and "m h * * d" in
 * config.timezone, which every app sets as process.env.TZ at start, so the Date getters and
 * the local Date constructor already know the zone's offsets (V8 reads the tz data cheaply).
 * Anything else (another zone, other cron fields, start or end dates) goes to BullMQ's
 * default strategy, unchanged.
 */

/** A daily (or weekly, with a weekday) wall-clock time. */
export interface LocalRunPattern {
  minute: number;
  hour: number;
  /** 0 = Sunday ... 6 = Saturday; none: every day. */
  weekday?: number;
}

const OWN_PATTERN = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-7])$/;

/** "30 2 * * *" -> 02:30 every day, "0 4 * * 0" -> Sundays 04:00; undefined for any other pattern. */
export function parseLocalRunPattern(pattern: string): LocalRunPattern | undefined {
  const m = OWN_PATTERN.exec(pattern);
  if (!m) return undefined;
  const minute = Number(m[1]);
  const hour = Number(m[2]);
  if (minute > 59 || hour > 23) return undefined;
  if (m[3] === '*') return { minute, hour };
  return { minute, hour, weekday: Number(m[3]) % 7 };
}

/** Days looked at: a week, plus a day a zone may skip (Pacific/Apia skipped 2011-12-30). */
const DAYS_AHEAD = 15;

/**
 * The first instant strictly after `after` when the process's local clock (process.env.TZ)
 * shows the pattern's time, as cron-parser computes it. A time that falls in a DST gap runs
 * at the same wall time moved on by the gap (02:30 on a 02:00 -> 03:00 night runs at 03:30),
 * the local Date constructor's rule; a time that happens twice runs at the first.
 */
export function nextLocalRun(after: number, p: LocalRunPattern): number | undefined {
  const start = new Date(after);
  const y = start.getFullYear();
  const mo = start.getMonth();
  const d = start.getDate();
  for (let i = 0; i < DAYS_AHEAD; i += 1) {
    // Noon: a zone whose midnight falls in a gap still has the right weekday.
    if (p.weekday !== undefined && new Date(y, mo, d + i, 12).getDay() !== p.weekday) continue;
    const t = new Date(y, mo, d + i, p.hour, p.minute, 0, 0).getTime();
    if (t > after) return t;
  }
  return undefined;
}

/** Repeat options that do not change when a pattern runs (set by BullMQ on each iteration). */
const NEUTRAL_KEYS = new Set(['pattern', 'tz', 'key', 'limit', 'count', 'offset', 'prevMillis', 'jobId']);

/** The local pattern of `opts` when this strategy computes it itself, else undefined. */
function ownRun(opts: RepeatOptions): LocalRunPattern | undefined {
  if (!opts.pattern || !opts.tz || opts.tz !== process.env.TZ) return undefined;
  for (const [k, v] of Object.entries(opts)) if (!NEUTRAL_KEYS.has(k) && v !== undefined && v !== null) return undefined;
  return parseLocalRunPattern(opts.pattern);
}

/** BullMQ's `settings.repeatStrategy` for every Queue and Worker (libs/jobs/src/queues.ts). */
export const localRepeatStrategy: RepeatStrategy = (millis, opts) => {
  const own = ownRun(opts);
  const next = own ? nextLocalRun(millis, own) : undefined;
  return next ?? defaultRepeatStrategy(millis, opts);
};
