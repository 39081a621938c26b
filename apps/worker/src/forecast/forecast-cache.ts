import { diskForecast, keys, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { forecastDisk, type DiskForecast } from './disk-forecast.js';
import { diskPointsOf } from './disk-points.js';

/**
 * The disk-full forecasts 📊 Status shows, kept beside the sample history (keys.sampleForecast)
 * so a press reads two small keys instead of the whole 24 h history (~0.8 MB, 1440 lines).
 * The sampler writes it with each new history entry, in the same transaction; a press checks
 * that it belongs to the current head of the history and computes it from the history only
 * when it does not (the history was replaced, or written by an older worker).
 */
const stored = z.object({ headAt: z.number(), forecasts: z.array(diskForecast) });

/** The `at` of a stored sample line, without parsing the rest of it. */
export function sampleAtOf(line: string | null | undefined): number | undefined {
  const m = line ? /"at":(\d+)/.exec(line) : null;
  return m ? Number(m[1]) : undefined;
}

/** The forecasts of history lines (newest first or any order): one per mount that fills up soon. */
export function forecastsOf(lines: readonly string[]): DiskForecast[] {
  return [...diskPointsOf(lines).entries()].flatMap(([mount, pts]) => forecastDisk(mount, pts) ?? []);
}

/** The value of keys.sampleForecast for a history whose newest line has `at` = headAt. */
export function forecastRecord(headAt: number, forecasts: readonly DiskForecast[]): string {
  return JSON.stringify({ headAt, forecasts });
}

/**
 * The forecasts of the current history: the stored ones when they were made from its head,
 * else computed from the history (and stored for the next press).
 */
export async function currentForecasts(redis: Redis, hk: HostKeys): Promise<DiskForecast[]> {
  const [raw, head] = await Promise.all([redis.get(hk.sampleForecast), redis.lindex(hk.sampleHistory, 0)]);
  if (head === null) return [];
  const headAt = sampleAtOf(head);
  if (raw !== null && headAt !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const r = stored.safeParse(parsed);
    if (r.success && r.data.headAt === headAt) return r.data.forecasts;
  }
  const lines = await redis.lrange(hk.sampleHistory, 0, -1);
  const forecasts = forecastsOf(lines);
  const at = sampleAtOf(lines[0]);
  if (at !== undefined) await redis.set(hk.sampleForecast, forecastRecord(at, forecasts));
  return forecasts;
}
