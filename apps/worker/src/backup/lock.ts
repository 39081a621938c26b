import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupBusyError } from '../runtime/errors.js';

export const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** Changes at every boot: a lock written before a power cut is stale whatever its pid. */
const bootId = (): string => readOr('/proc/sys/kernel/random/boot_id', '');

/** Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), '' when unknown. */
function startTime(pid: number): string {
  const stat = readOr(`/proc/${pid}/stat`, '');
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return afterName[19] ?? '';
}

interface LockOwner {
  pid?: number;
  what?: string;
  bootId?: string;
  startTime?: string;
}

/** The owner still runs: same boot, a live pid, and (when known) the same process start time. */
function ownerAlive(o: LockOwner): boolean {
  if (typeof o.pid !== 'number' || o.pid === process.pid) return false;
  if (o.bootId && bootId() && o.bootId !== bootId()) return false;
  if (!alive(o.pid)) return false;
  if (o.startTime && startTime(o.pid) && o.startTime !== startTime(o.pid)) return false;
  return true;
}

/** What holds the lock now, when its process still runs (another process than this one); undefined when free or stale. */
export async function lockHolder(snapshotsDir: string): Promise<string | undefined> {
  const held = await readFile(join(snapshotsDir, LOCK_FILE), 'utf8').catch(() => '');
  if (!held) return undefined;
  try {
    const owner = JSON.parse(held) as LockOwner;
    return ownerAlive(owner) ? (owner.what ?? 'backup') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer at a time on BACKUP_DIR/snapshots (backup, safety snapshot, prune): a lock
 * file made with O_EXCL holding the owner's pid, boot id and process start time. A lock whose
 * process is gone (kill -9), or that was written before a reboot (power cut: its pid may now
 * belong to another process), is taken over.
 */
export async function acquireLock(snapshotsDir: string, what: string): Promise<() => Promise<void>> {
  const path = join(snapshotsDir, LOCK_FILE);
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(JSON.stringify({ pid: process.pid, what, at: Date.now(), bootId: bootId(), startTime: startTime(process.pid) }));
      await fh.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = await readFile(path, 'utf8').catch(() => '');
      let owner: LockOwner = {};
      try {
        owner = JSON.parse(held) as LockOwner;
      } catch {
        owner = {};
      }
      if (ownerAlive(owner)) {
        throw new BackupBusyError({ what: owner.what ?? 'backup' });
      }
      // Stale: its process is gone (killed, or the machine rebooted). Remove and retry.
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not take the backup lock ${path}`);
}
