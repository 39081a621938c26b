import { readBackupLastOk, readBackupRunning, type BackupLastOk, type BackupProgress, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { lockHolder } from './lock.js';

/** The running key expires if a worker dies without clearing it. */
export const RUNNING_TTL_MS = 10 * 60_000;

export async function setRunning(redis: Redis, hk: HostKeys, p: BackupProgress): Promise<void> {
  await redis.set(hk.backupRunning, JSON.stringify(p), 'PX', RUNNING_TTL_MS);
}

export async function clearRunning(redis: Redis, hk: HostKeys, requestId: string): Promise<void> {
  const cur = await getRunning(redis, hk);
  if (cur?.requestId === requestId) await redis.del(hk.backupRunning);
}

/**
 * At worker start: a running key left by a process that died (crash, power cut) is removed
 * unless a snapshot is really being written (its lock is held by a live process). A backup
 * job resumed after the start sets it again with its first progress.
 */
export async function clearStaleRunning(redis: Redis, hk: HostKeys, snapshotsDir: string): Promise<BackupProgress | undefined> {
  const cur = await getRunning(redis, hk);
  if (!cur || (await lockHolder(snapshotsDir))) return undefined;
  await clearRunning(redis, hk, cur.requestId);
  return cur;
}

/** The backup that is running now, for "a backup is already running (45%)". */
export const getRunning = (redis: Redis, hk: HostKeys): Promise<BackupProgress | null> => readBackupRunning(redis, hk);

export type LastOk = BackupLastOk;

export async function setLastOk(redis: Redis, hk: HostKeys, v: LastOk): Promise<void> {
  await redis.set(hk.backupLastOk, JSON.stringify(v));
}

/** The last successful backup; the schema lives in libs/jobs so the dashboard reads it too. */
export async function getLastOk(redis: Redis, hk: HostKeys): Promise<LastOk | undefined> {
  return (await readBackupLastOk(redis, hk)) ?? undefined;
}
