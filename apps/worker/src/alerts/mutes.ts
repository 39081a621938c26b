import { localDay, zonedToUtc, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';

/** Alerts a backup causes itself: rsync and hashing keep the CPU busy (there is no disk I/O rule). */
export const BACKUP_MUTES = ['cpu'] as const;

export interface ActiveMute {
  /** Alert id or `all` (maintenance mode). */
  id: string;
  until: number;
  /** `backup`: set by a running backup for its duration. */
  by: 'user' | 'backup';
}

/** Unix ms of the next 07:00 in `timeZone` after `now` ("sampai besok pagi"). */
export function nextMorning(now: number, timeZone: string, hour = 7): number {
  const morningOf = (ms: number): number => {
    const [y, m, d] = localDay(ms, timeZone).split('-').map(Number) as [number, number, number];
    return zonedToUtc(y, m, d, hour, 0, timeZone);
  };
  const today = morningOf(now);
  return today > now ? today : morningOf(now + 24 * 3600_000);
}

/** Mutes one alert id (or `all`) until `until`; the end is in the set the end note reads. */
export async function setMute(redis: Redis, hk: HostKeys, id: string, until: number, now: number): Promise<void> {
  const ms = Math.max(1, until - now);
  await redis.multi().set(hk.mute(id), String(until), 'PX', ms).zadd(hk.mutesActive, until, id).exec();
}

/** Ends a mute now (maintenance off): no end note, the user did it. */
export async function clearMute(redis: Redis, hk: HostKeys, id: string): Promise<void> {
  await redis.multi().del(hk.mute(id)).zrem(hk.mutesActive, id).exec();
}

/** Mutes the alerts a backup causes itself, for at most `maxMs` (cleared when the backup ends). */
export async function setBackupMutes(redis: Redis, hk: HostKeys, now: number, maxMs: number): Promise<void> {
  const tx = redis.multi();
  for (const id of BACKUP_MUTES) tx.set(hk.autoMute(id), String(now + maxMs), 'PX', maxMs);
  await tx.exec();
}

export async function clearBackupMutes(redis: Redis, hk: HostKeys): Promise<void> {
  await redis.del(...BACKUP_MUTES.map((id) => hk.autoMute(id)));
}

/** Every mute in force, soonest end first (for the 📊 Status banner and the digest). */
export async function activeMutes(redis: Redis, hk: HostKeys, now: number): Promise<ActiveMute[]> {
  const out: ActiveMute[] = [];
  // Both reads at once: 📊 Status waits for them.
  const [users, autos] = await Promise.all([redis.zrangebyscore(hk.mutesActive, now + 1, '+inf', 'WITHSCORES'), redis.mget(...BACKUP_MUTES.map((id) => hk.autoMute(id)))]);
  for (let i = 0; i + 1 < users.length; i += 2) out.push({ id: users[i]!, until: Number(users[i + 1]), by: 'user' });
  BACKUP_MUTES.forEach((id, i) => {
    const v = autos[i];
    if (v && /^\d+$/.test(v)) out.push({ id, until: Number(v), by: 'backup' });
  });
  return out.sort((a, b) => a.until - b.until);
}

/** Takes the mutes whose end passed out of the set (each is taken once, even with two workers). */
export async function takeEnded(redis: Redis, hk: HostKeys, now: number): Promise<{ id: string; until: number }[]> {
  const due = await redis.zrangebyscore(hk.mutesActive, '-inf', now, 'WITHSCORES');
  const out: { id: string; until: number }[] = [];
  for (let i = 0; i + 1 < due.length; i += 2) {
    const id = due[i]!;
    // ZREM answers 1 only to the caller that removed it.
    if ((await redis.zrem(hk.mutesActive, id)) !== 1) continue;
    // The key expires by itself about now; a mute renewed meanwhile (a later end) stays.
    const v = await redis.get(hk.mute(id));
    if (v !== null && /^\d+$/.test(v) && Number(v) <= now) await redis.del(hk.mute(id));
    out.push({ id, until: Number(due[i + 1]) });
  }
  return out;
}
