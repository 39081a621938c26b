import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { runRsync, type Runner } from '@potion/adapters';
import { UserFacingError } from '../runtime/errors.js';
import { DATA_DIR, type SnapshotDir } from './layout.js';
import { planRestore, refuseSymlinkedPath, restoreFilters } from './restore-guard.js';
import { planDumpRestore, putDumpsBack, type DumpToRestore } from './dumps-restore.js';
import type { ResolvedSources } from './sources.js';

export interface RestoreOptions {
  snapshot: SnapshotDir;
  /** Only this absolute path (a file or folder inside a backed-up source). Default: all sources. */
  path?: string;
  runner: Runner;
  /**
   * The sources and filters configured now (resolveSources of the current config): targets
   * must lie inside these sources and these filters always apply; the snapshot's own
   * summary only narrows them (restore-guard.ts).
   */
  allowed: ResolvedSources;
  /**
   * Sources left out of a whole restore (a `path` inside them is still restored when asked
   * for): by default the system copies under /etc (the worker is not root, and they are kept
   * for reference), plus what the caller adds (the live LOG_DIR, which processes write now).
   */
  skip?: readonly string[];
  /** Where "/" is (tests may restore into another root). Default "/". */
  root?: string;
  signal?: AbortSignal;
  onProgress?: (percent: number, label: string) => void | Promise<void>;
}

export interface RestoreReport {
  targets: string[];
  /** Sources not restored because of `skip`. */
  skipped: string[];
  createdFiles: number;
  deletedFiles: number;
  updatedFiles: number;
  bytesCopied: number;
  /** The snapshot's database dumps: put back from the dump, or left in the snapshot. */
  databases: DumpToRestore[];
}

/**
 * Copies a snapshot (or one file or folder of it) back to where it came from with
 * `rsync -aR --delete`, only inside the configured sources and with the configured filters
 * (plus the snapshot's own excludes): files the backup left out (.env, node_modules, the
 * backup folder) are neither copied nor deleted. A database dumped into the snapshot
 * (BACKUP_SQLITE) that lies inside what is restored is then put back from its dump.
 */
export async function restoreSnapshot(o: RestoreOptions): Promise<RestoreReport> {
  const { targets, skipped } = planRestore({ snapshot: o.snapshot, allowed: o.allowed, ...(o.path !== undefined ? { path: o.path } : {}), ...(o.skip ? { skip: o.skip } : {}) });
  for (const t of targets) await refuseSymlinkedPath(t, o.root);
  const filters = restoreFilters(o.snapshot, o.allowed);
  const databases = await planDumpRestore({ snapshot: o.snapshot, targets, runner: o.runner, ...(o.signal ? { signal: o.signal } : {}) });

  const data = join(o.snapshot.path, DATA_DIR);
  const report: RestoreReport = { targets, skipped, createdFiles: 0, deletedFiles: 0, updatedFiles: 0, bytesCopied: 0, databases };
  for (const [i, t] of targets.entries()) {
    const inSnap = join(data, t);
    if (!existsSync(inSnap)) throw new UserFacingError(`${t} tidak ada di snapshot ${o.snapshot.name}.`);
    const isDir = (await lstat(inSnap)).isDirectory();
    // "/./" marks where the path kept by --relative starts.
    const src = `${data}/.${t}${isDir ? '/' : ''}`;
    const r = await runRsync(o.runner, {
      sources: [src],
      dest: o.root ?? '/',
      relative: true,
      delete: true,
      includes: filters.includes,
      excludes: filters.excludes,
      checksum: true,
      extraArgs: ['--no-implied-dirs'],
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (p) => void o.onProgress?.(((i + p.percent / 100) / targets.length) * 100, `mengembalikan ${t}: ${p.percent}%`),
    });
    if (r.exitCode !== 0) {
      const names = [...r.problems.failed.map((f) => f.path), ...r.problems.vanished].slice(0, 10);
      throw new UserFacingError(`Restore ${t} tidak lengkap (rsync kode ${r.exitCode}): ${names.join(', ') || r.stderr.trim().split('\n').slice(-1)[0]}`);
    }
    report.createdFiles += r.stats.createdFiles;
    report.deletedFiles += r.stats.deletedFiles;
    report.updatedFiles += Math.max(0, r.stats.transferredFiles - r.stats.createdFiles);
    report.bytesCopied += r.stats.literalBytes;
  }
  // The files rsync brought back include the live database as copied mid-write: the dump,
  // one consistent moment of it, replaces it (dumps-restore.ts).
  await putDumpsBack(databases, o.root);
  return report;
}
