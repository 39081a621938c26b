import { UserFacingError } from '../runtime/errors.js';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat, statfs } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { isMountPoint } from '@potion/adapters';
import { code, html, size } from '@potion/jobs';

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
      html`HDD belum ter-mount di ${c.hddMount}, jadi backup aku batalkan supaya tidak mengisi SSD 💾.\nCara beresin: cek kabel/HDD-nya, lalu jalankan ${code('sudo mount -a')} dan pastikan ${code(`findmnt ${c.hddMount}`)} menampilkan HDD. Kalau masih gagal, cek baris UUID di /etc/fstab.`,
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

/** Refuses when the disk has less room than the expected new data plus a margin. */
export async function checkSpace(path: string, neededBytes: number): Promise<{ freeBytes: number; sizeBytes: number }> {
  const space = await diskSpace(path);
  if (space.freeBytes < neededBytes) {
    throw new UserFacingError(
      `HDD hampir penuh: backup ini butuh sekitar ${size(neededBytes)}, tapi sisa ruang cuma ${size(space.freeBytes)}. ` +
        `Snapshot lama tidak aku sentuh.\nCara beresin: hapus snapshot lama (💾 Backup → Restore list), kurangi BACKUP_KEEP_DAILY, atau kosongkan ruang di HDD. Mencoba lagi tanpa itu tidak akan membantu.`,
      { permanent: true, retryLater: false },
    );
  }
  return space;
}

/** The HDD left in the middle of the run (unplugged, lazily unmounted, cable pulled). */
export function hddLostError(hddMount: string): UserFacingError {
  return new UserFacingError(
    html`HDD terlepas di tengah backup ❌: ${hddMount} tidak ter-mount lagi, jadi backup ini aku hentikan. Snapshot setengah jadi tidak dihitung, snapshot lama aman di HDD.\nCara beresin: cek kabel/daya HDD, jalankan ${code('sudo mount -a')} dan pastikan ${code(`findmnt ${hddMount}`)} menampilkan HDD, lalu jalankan backup lagi.`,
  );
}

/** True when HDD_MOUNT is no longer the HDD holding BACKUP_DIR (checked after a failure and before the final rename). */
export async function hddGone(o: TargetCheck): Promise<boolean> {
  try {
    await checkTarget({ mountinfoPath: o.mountinfoPath, hddMount: o.hddMount, backupDir: o.backupDir });
    return false;
  } catch {
    return true;
  }
}
