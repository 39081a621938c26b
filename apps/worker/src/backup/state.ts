import { backupRunResult, keys, readBackupRunning, type BackupProgress, type JobResult } from '@potion/jobs';
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

export interface LastOk {
  startedAt: number;
  finishedAt: number;
  result: JobResult<'backup.run'>;
}

export async function setLastOk(redis: Redis, v: LastOk): Promise<void> {
  await redis.set(keys.backupLastOk, JSON.stringify(v));
}

export async function getLastOk(redis: Redis): Promise<LastOk | undefined> {
  const raw = await redis.get(keys.backupLastOk);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { startedAt?: unknown; finishedAt?: unknown; result?: unknown };
    const result = backupRunResult.safeParse(v.result);
    if (typeof v.startedAt !== 'number' || typeof v.finishedAt !== 'number' || !result.success) return undefined;
    return { startedAt: v.startedAt, finishedAt: v.finishedAt, result: result.data };
  } catch {
    return undefined;
  }
}
