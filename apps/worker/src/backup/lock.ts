import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UserFacingError } from '../retry-policy.js';

export const LOCK_FILE = '.lock';

/** Another backup, safety snapshot or prune holds the lock. */
export class BackupBusyError extends UserFacingError {
  override name = 'BackupBusyError';
  constructor(readonly what: string) {
    super(`Masih ada proses backup lain yang jalan (${what}). Tunggu selesai dulu ya, nanti coba lagi.`, true);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer at a time on BACKUP_DIR/snapshots (backup, safety snapshot, prune): a lock
 * file made with O_EXCL holding the owner's pid. A lock whose process is gone (kill -9,
 * power cut) is taken over.
 */
export async function acquireLock(snapshotsDir: string, what: string): Promise<() => Promise<void>> {
  const path = join(snapshotsDir, LOCK_FILE);
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(JSON.stringify({ pid: process.pid, what, at: Date.now() }));
      await fh.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = await readFile(path, 'utf8').catch(() => '');
      let owner: { pid?: number; what?: string } = {};
      try {
        owner = JSON.parse(held) as { pid?: number; what?: string };
      } catch {
        owner = {};
      }
      if (typeof owner.pid === 'number' && owner.pid !== process.pid && alive(owner.pid)) {
        throw new BackupBusyError(owner.what ?? 'backup');
      }
      // Stale: its process is gone. Remove and retry.
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not take the backup lock ${path}`);
}
