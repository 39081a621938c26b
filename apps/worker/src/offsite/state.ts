import { offsiteLast, type OffsiteLast, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';

/** How long the "off-site copy running" mark lives without being renewed (a dead worker's ends). */
export const RUNNING_TTL_MS = 2 * 60_000;

export async function readOffsiteLast(redis: Redis, hk: HostKeys): Promise<OffsiteLast | undefined> {
  const raw = await redis.get(hk.offsiteLast);
  if (!raw) return undefined;
  try {
    const r = offsiteLast.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeOffsiteLast(redis: Redis, hk: HostKeys, v: OffsiteLast): Promise<void> {
  await redis.set(hk.offsiteLast, JSON.stringify(offsiteLast.parse(v)));
}

/**
 * Marks an off-site copy as running for `requestId`. False when another request's copy runs;
 * the same request (BullMQ running it again after a crash or a retry) takes the mark over.
 */
export async function claimRunning(redis: Redis, hk: HostKeys, requestId: string): Promise<boolean> {
  if ((await redis.set(hk.offsiteRunning, requestId, 'PX', RUNNING_TTL_MS, 'NX')) === 'OK') return true;
  const holder = await redis.get(hk.offsiteRunning);
  if (holder !== requestId && holder !== null) return false;
  await redis.set(hk.offsiteRunning, requestId, 'PX', RUNNING_TTL_MS);
  return true;
}

export async function renewRunning(redis: Redis, hk: HostKeys, requestId: string): Promise<void> {
  if ((await redis.get(hk.offsiteRunning)) === requestId) await redis.pexpire(hk.offsiteRunning, RUNNING_TTL_MS);
}

export async function releaseRunning(redis: Redis, hk: HostKeys, requestId: string): Promise<void> {
  if ((await redis.get(hk.offsiteRunning)) === requestId) await redis.del(hk.offsiteRunning);
}
