import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sqliteErrorText, sqliteIntegrityCheck, type Runner } from '@potion/adapters';
import { UserFacingError } from '../runtime/errors.js';
import { DUMPS_DIR, type SnapshotDir } from './layout.js';

export interface DumpToRestore {
  kind: 'sqlite' | 'pg';
  /** The live database the dump was taken from (a path, or a PostgreSQL database name). */
  source: string;
  /** The dump in the snapshot. */
  dump: string;
  /** True when a restored target covers the SQLite database: it is put back from the dump (PostgreSQL: never, see decision 035). */
  restored: boolean;
}

const inside = (path: string, target: string): boolean => path === target || path.startsWith(target.endsWith('/') ? target : `${target}/`);

/**
 * The snapshot's dumps, each marked restored when one of the restore's targets covers its
 * database. Those are checked (`PRAGMA integrity_check`) before anything is written: a bad
 * dump stops the restore before rsync touches a file.
 */
export async function planDumpRestore(o: { snapshot: SnapshotDir; targets: readonly string[]; runner: Runner; signal?: AbortSignal }): Promise<DumpToRestore[]> {
  const out: DumpToRestore[] = [];
  for (const d of o.snapshot.summary.dumps ?? []) {
    const dump = join(o.snapshot.path, DUMPS_DIR, d.file);
    const restored = d.kind === 'sqlite' && o.targets.some((t) => inside(d.source, t));
    if (restored) {
      const check = await sqliteIntegrityCheck(o.runner, dump, o.signal ? { signal: o.signal } : {}).catch((err: unknown) => ({ ok: false, problems: [sqliteErrorText(err)] }));
      if (!check.ok) {
        throw new UserFacingError(
          `Restore dibatalkan ❌: dump database ${d.source} di snapshot ${o.snapshot.name} rusak (${check.problems.slice(0, 3).join('; ')}). Belum ada file yang aku ubah.\n` +
            'Cara beresin: jalankan 💾 Backup → Verify untuk snapshot itu, lalu pilih snapshot lain yang masih bagus.',
        );
      }
    }
    out.push({ kind: d.kind, source: d.source, dump, restored });
  }
  return out;
}

/**
 * Puts each covered database back from its dump, after rsync restored the files around it:
 * the dump is copied next to the database, the database's -wal, -shm and -journal are removed
 * (rsync brought back the ones copied mid-write; SQLite would replay them onto the dump),
 * and the copy is renamed over the database, keeping the mode rsync gave it.
 */
export async function putDumpsBack(dumps: readonly DumpToRestore[], root = '/'): Promise<void> {
  for (const d of dumps.filter((x) => x.restored)) {
    const dest = join(root, d.source);
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.potion-restore.tmp`;
    await copyFile(d.dump, tmp);
    const mode = await stat(dest).then((s) => s.mode & 0o7777, () => 0o644);
    await chmod(tmp, mode);
    for (const side of ['-wal', '-shm', '-journal']) await rm(`${dest}${side}`, { force: true });
    await rename(tmp, dest);
  }
}
