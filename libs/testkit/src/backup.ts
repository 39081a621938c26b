import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BackupSandbox {
  root: string;
  /** The "HDD" mount point. */
  hdd: string;
  /** BACKUP_DIR inside the HDD. */
  backupDir: string;
  /** A mountinfo file that lists `hdd` as a mount point (the override of /proc/self/mountinfo). */
  mountinfo: string;
  /** A mountinfo file without it: the HDD did not mount. */
  mountinfoUnmounted: string;
  /** A folder to put source files in. */
  src: string;
  /** True when `hdd` is a real tmpfs mount (see sizeBytes). */
  realMount: boolean;
  cleanup: () => void;
}

const escapeMount = (p: string): string => p.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

/**
 * A temp folder laid out like the laptop: `hdd/` as HDD_MOUNT with `hdd/backups` as
 * BACKUP_DIR and `src/` for sources. With `tmpfsBytes`, `hdd/` is a real size-limited tmpfs
 * (needs root or CAP_SYS_ADMIN; `realMount` says whether it worked), else a plain folder
 * that the mountinfo override lists as mounted.
 */
export function createBackupSandbox(opts: { tmpfsBytes?: number } = {}): BackupSandbox {
  const root = mkdtempSync(join(tmpdir(), 'potion-backup-'));
  const hdd = join(root, 'hdd');
  const src = join(root, 'src');
  mkdirSync(hdd);
  mkdirSync(src);
  let realMount = false;
  if (opts.tmpfsBytes !== undefined) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${opts.tmpfsBytes}`, 'potion-test-hdd', hdd], { stdio: 'pipe' });
      realMount = true;
    } catch {
      realMount = false;
    }
  }
  const backupDir = join(hdd, 'backups');
  mkdirSync(backupDir);
  const base = readFileSync('/proc/self/mountinfo', 'utf8');
  const mountinfoUnmounted = join(root, 'mountinfo.unmounted');
  const mountinfo = join(root, 'mountinfo');
  writeFileSync(mountinfoUnmounted, base.split('\n').filter((l) => !l.includes(` ${escapeMount(hdd)} `)).join('\n'));
  writeFileSync(mountinfo, realMount ? base : `${base.trimEnd()}\n9999 1 0:999 / ${escapeMount(hdd)} rw,noatime - ext4 /dev/fake-hdd rw\n`);
  return {
    root,
    hdd,
    backupDir,
    mountinfo,
    mountinfoUnmounted,
    src,
    realMount,
    cleanup: () => {
      if (realMount) {
        try {
          execFileSync('umount', [hdd], { stdio: 'pipe' });
        } catch {
          execFileSync('umount', ['-l', hdd], { stdio: 'pipe' });
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
