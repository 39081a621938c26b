import { keys, readBackupLastOk, readBackupRunning, type BackupLastOk, type BackupProgress } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { lockHolder } from './lock.js';

/** The running key expires if a worker dies without clearing it. */
export const RUNNING_TTL_MS = 10 * 60_000;

export async function setRunning(redis: Redis, p: BackupProgress): Promise<void> {
  await redis.set(keys.backupRunning, JSON.stringify(p), 'PX', RUNNING_TTL_MS);
}

export async function clearRunning(redis: Redis, requestId: string): Promise<void> {
  const cur = await getRunning(redis);
  if (cur?.requestId === requestId) await redis.del(keys.backupRunning);
}

/**
 * At worker start: a running key left by a process that died (crash, power cut) is removed
 * unless a snapshot is really being written (its lock is held by a live process). A backup
 * job resumed after the start sets it again with its first progress.
 */
export async function clearStaleRunning(redis: Redis, snapshotsDir: string): Promise<BackupProgress | undefined> {
  const cur = await getRunning(redis);
  if (!cur || (await lockHolder(snapshotsDir))) return undefined;
  await clearRunning(redis, cur.requestId);
  return cur;
}

/** The backup that is running now, for "a backup is already running (45%)". */
export const getRunning = (redis: Redis): Promise<BackupProgress | null> => readBackupRunning(redis);

export type LastOk = BackupLastOk;

export async function setLastOk(redis: Redis, v: LastOk): Promise<void> {
  await redis.set(keys.backupLastOk, JSON.stringify(v));
}

/** The last successful backup; the schema lives in libs/jobs so the dashboard reads it too. */
export async function getLastOk(redis: Redis): Promise<LastOk | undefined> {
  return (await readBackupLastOk(redis)) ?? undefined;
}
