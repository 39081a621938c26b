import { existsSync } from 'node:fs';
import { readFile, realpath, stat, statfs } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { isMountPoint } from '@potion/adapters';
import { UserFacingError } from '../retry-policy.js';
import { bytes } from './words.js';

export interface TargetCheck {
  /** Where mountinfo is read. Default /proc/self/mountinfo; tests point it at a sample. */
  mountinfoPath: string;
  hddMount: string;
  backupDir: string;
}

/** The nearest existing ancestor of a path (BACKUP_DIR may not exist yet). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Refuses to write unless HDD_MOUNT is a mount point of its own (not an empty folder on the
 * SSD because the HDD failed to mount) and BACKUP_DIR lies on that same disk.
 */
export async function checkTarget(c: TargetCheck): Promise<void> {
  const mountinfo = await readFile(c.mountinfoPath, 'utf8');
  const mountReal = existsSync(c.hddMount) ? await realpath(c.hddMount) : c.hddMount;
  if (!isMountPoint(mountinfo, mountReal)) {
    throw new UserFacingError(
      `HDD belum ter-mount di ${c.hddMount}, jadi backup aku batalkan supaya tidak mengisi SSD 💾.\n` +
        `Cara beresin: cek kabel/HDD-nya, lalu jalankan \`sudo mount -a\` dan pastikan \`findmnt ${c.hddMount}\` menampilkan HDD. ` +
        `Kalau masih gagal, cek baris UUID di /etc/fstab.`,
    );
  }
  const backupReal = await realpath(existingAncestor(c.backupDir));
  const inside = backupReal === mountReal || backupReal.startsWith(mountReal.endsWith(sep) ? mountReal : mountReal + sep);
  const [a, b] = await Promise.all([stat(backupReal), stat(mountReal)]);
  if (!inside || a.dev !== b.dev) {
    throw new UserFacingError(
      `Folder backup (BACKUP_DIR=${c.backupDir}) tidak ada di HDD ${c.hddMount}, jadi backup aku batalkan.\n` +
        `Cara beresin: set BACKUP_DIR ke folder di dalam ${c.hddMount} (misalnya ${c.hddMount}/potion-runner-backups) di file .env, lalu restart worker.`,
    );
  }
}

export async function diskSpace(path: string): Promise<{ freeBytes: number; sizeBytes: number }> {
  const s = await statfs(existingAncestor(path));
  return { freeBytes: s.bavail * s.bsize, sizeBytes: s.blocks * s.bsize };
}

/**
 * An upper bound, without walking anything, of what copying `sources` can take: the bytes and
 * inodes in use on every file system they live on (each counted once), with the same
 * per-entry overhead the estimate uses (a 4 KiB block per folder, ~250 B of manifest per
 * file). When the HDD has more room than this, sizing the delta first cannot change the answer.
 */
export async function sourcesUpperBound(sources: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  for (const src of sources) {
    const st = await stat(src, { bigint: true }).catch(() => undefined);
    if (!st || seen.has(st.dev.toString())) continue;
    seen.add(st.dev.toString());
    const fs = await statfs(src);
    total += (fs.blocks - fs.bfree) * fs.bsize + Math.max(0, fs.files - fs.ffree) * (4096 + 250);
  }
  return Math.ceil(total * 1.05) + 1024 * 1024;
}

/** Refuses when the disk has less room than the expected new data plus a margin. */
export async function checkSpace(path: string, neededBytes: number): Promise<{ freeBytes: number; sizeBytes: number }> {
  const space = await diskSpace(path);
  if (space.freeBytes < neededBytes) {
    throw new UserFacingError(
      `HDD hampir penuh: backup ini butuh sekitar ${bytes(neededBytes)}, tapi sisa ruang cuma ${bytes(space.freeBytes)}. ` +
        `Snapshot lama tidak aku sentuh.\nCara beresin: hapus snapshot lama (💾 Backup → Restore list), kurangi BACKUP_KEEP_DAILY, atau kosongkan ruang di HDD.`,
    );
  }
  return space;
}
