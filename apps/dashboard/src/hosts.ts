import { keys } from '@potion/jobs';
import { HOST_ID_PATTERN } from '@potion/platform';
import type { Redis } from 'ioredis';

/**
 * Every host the dashboard shows: its own HOST_ID first, then the registry of known hosts
 * (`keys.hosts`, ids that are valid HOST_IDs only) in name order. With Redis unreadable, its
 * own host alone (the page says Redis is down).
 */
export async function knownHosts(redis: Redis, ownHostId: string): Promise<string[]> {
  let ids: string[] = [];
  try {
    ids = await redis.hkeys(keys.hosts);
  } catch {
    ids = [];
  }
  const others = [...new Set(ids)].filter((id) => id !== ownHostId && HOST_ID_PATTERN.test(id)).sort();
  return [ownHostId, ...others];
}

/**
 * Up when the host's worker showed a sign of life within the window (healthMaxAgeMs): its
 * heartbeat or its newest sample, whichever is younger (the heartbeat alone comes every
 * HEARTBEAT_INTERVAL_SEC, 5 min by default, the sample every SAMPLE_INTERVAL_SEC).
 */
export function hostUp(ages: { heartbeatAgeMs: number | null; sampleAgeMs: number | null }, maxAgeMs: number): boolean {
  return Math.min(ages.heartbeatAgeMs ?? Infinity, ages.sampleAgeMs ?? Infinity) <= maxAgeMs;
}

/** Unix ms of the host's last sign of life (heartbeat or sample), null when it never showed one. */
export function lastSignOfLife(o: { heartbeatAt: number | null; sample: { at: number } | null }): number | null {
  const t = Math.max(o.heartbeatAt ?? -Infinity, o.sample?.at ?? -Infinity);
  return Number.isFinite(t) ? t : null;
}
