import { keys, offsiteLast, type OffsiteLast } from '@potion/jobs';
import type { Redis } from 'ioredis';

/** How long the "off-site copy running" mark lives without being renewed (a dead worker's ends). */
export const RUNNING_TTL_MS = 2 * 60_000;

export async function readOffsiteLast(redis: Redis): Promise<OffsiteLast | undefined> {
  const raw = await redis.get(keys.offsiteLast);
  if (!raw) return undefined;
  try {
    const r = offsiteLast.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeOffsiteLast(redis: Redis, v: OffsiteLast): Promise<void> {
  await redis.set(keys.offsiteLast, JSON.stringify(offsiteLast.parse(v)));
}

/**
 * Marks an off-site copy as running for `requestId`. False when another request's copy runs;
 * the same request (BullMQ running it again after a crash or a retry) takes the mark over.
 */
export async function claimRunning(redis: Redis, requestId: string): Promise<boolean> {
  if ((await redis.set(keys.offsiteRunning, requestId, 'PX', RUNNING_TTL_MS, 'NX')) === 'OK') return true;
  const holder = await redis.get(keys.offsiteRunning);
  if (holder !== requestId && holder !== null) return false;
  await redis.set(keys.offsiteRunning, requestId, 'PX', RUNNING_TTL_MS);
  return true;
}

export async function renewRunning(redis: Redis, requestId: string): Promise<void> {
  if ((await redis.get(keys.offsiteRunning)) === requestId) await redis.pexpire(keys.offsiteRunning, RUNNING_TTL_MS);
}

export async function releaseRunning(redis: Redis, requestId: string): Promise<void> {
  if ((await redis.get(keys.offsiteRunning)) === requestId) await redis.del(keys.offsiteRunning);
}
