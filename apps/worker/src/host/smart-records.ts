import { smartRecord, type SmartRecord, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';

/** The stored weekly record of a disk, or undefined. */
export async function storedSmart(redis: Redis, hk: HostKeys, device: string): Promise<SmartRecord | undefined> {
  const raw = await redis.get(hk.smart(device));
  if (!raw) return undefined;
  try {
    const r = smartRecord.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
