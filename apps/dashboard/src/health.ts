import { type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';

export interface HealthReport {
  ok: boolean;
  redis: 'ok' | 'down';
  /** ms since the worker's last heartbeat, null when there is none. */
  heartbeatAgeMs: number | null;
  /** ms since the newest host sample, null when there is none. */
  sampleAgeMs: number | null;
  problems: string[];
}

/**
 * How old the worker's last sign of life may be: three sample intervals, at least 3 s, at
 * most 60 s (so a stopped worker shows within a minute with the default 30 s interval).
 */
export function healthMaxAgeMs(sampleIntervalMs: number): number {
  return Math.min(60_000, Math.max(3_000, 3 * sampleIntervalMs));
}

/**
 * Healthy when Redis answers and the worker shows signs of life: a heartbeat or a host
 * sample younger than `maxAgeMs` (see healthMaxAgeMs).
 */
export async function checkHealth(redis: Redis, hk: HostKeys, now: number, maxAgeMs: number): Promise<HealthReport> {
  const problems: string[] = [];
  let heartbeat: string | null = null;
  let sample: string | null = null;
  try {
    [heartbeat, sample] = await Promise.all([redis.get(hk.heartbeat), redis.get(hk.sampleLatest)]);
  } catch (err) {
    return { ok: false, redis: 'down', heartbeatAgeMs: null, sampleAgeMs: null, problems: [`redis: ${(err as Error).message}`] };
  }
  const heartbeatAgeMs = heartbeat ? Math.max(0, now - Number(heartbeat)) : null;
  let sampleAgeMs: number | null = null;
  if (sample) {
    const at = (JSON.parse(sample) as { at?: unknown }).at;
    if (typeof at === 'number') sampleAgeMs = Math.max(0, now - at);
  }
  const freshest = Math.min(heartbeatAgeMs ?? Infinity, sampleAgeMs ?? Infinity);
  if (freshest > maxAgeMs) {
    problems.push(
      freshest === Infinity
        ? 'worker: no heartbeat or sample yet (is the worker running?)'
        : `worker: last sign of life ${Math.round(freshest / 1000)} s ago (is the worker running?)`,
    );
  }
  return { ok: problems.length === 0, redis: 'ok', heartbeatAgeMs, sampleAgeMs, problems };
}
