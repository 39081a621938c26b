import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { backupProgress, type BackupProgress } from './registry/backup.js';

/**
 * The backup running now (written by the worker while backup.run or a restore's safety
 * snapshot runs, with a TTL), or null. The bot reads it before enqueueing "Backup now", so
 * a second request is answered with the running one's progress instead of a queued repeat.
 */
export async function readBackupRunning(redis: Redis): Promise<BackupProgress | null> {
  const raw = await redis.get(keys.backupRunning);
  if (!raw) return null;
  try {
    const r = backupProgress.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
