import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { HostKeys } from './keys.js';
import { backupProgress, backupRunResult, type BackupProgress } from './registry/backup.js';

/** `hostKeys.backupLastOk`: the last successful backup.run, written by the worker when it ends. */
export const backupLastOk = z.object({ startedAt: z.number(), finishedAt: z.number(), result: backupRunResult });
export type BackupLastOk = z.infer<typeof backupLastOk>;

/** `hostKeys.backupLastVerify`: the last backup.verify, whatever its outcome. */
export const backupLastVerify = z.object({ at: z.number(), snapshot: z.string(), mode: z.string(), ok: z.boolean() });
export type BackupLastVerify = z.infer<typeof backupLastVerify>;

/** A JSON string key parsed with a schema; null when missing or unreadable. */
async function readJson<T>(redis: Redis, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await redis.get(key);
  if (!raw) return null;
  try {
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The last successful backup (`hostKeys.backupLastOk`), or null. */
export const readBackupLastOk = (redis: Redis, hk: HostKeys): Promise<BackupLastOk | null> => readJson(redis, hk.backupLastOk, backupLastOk);

/** The last verification (`hostKeys.backupLastVerify`), or null. */
export const readBackupLastVerify = (redis: Redis, hk: HostKeys): Promise<BackupLastVerify | null> => readJson(redis, hk.backupLastVerify, backupLastVerify);

/**
 * The backup running now (written by the worker while backup.run or a restore's safety
 * snapshot runs, with a TTL), or null. The bot reads it before enqueueing "Backup now", so
 * a second request is answered with the running one's progress instead of a queued repeat.
 */
export const readBackupRunning = (redis: Redis, hk: HostKeys): Promise<BackupProgress | null> => readJson(redis, hk.backupRunning, backupProgress);
