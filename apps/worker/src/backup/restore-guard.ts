import { lstat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { restorePath } from '@potion/jobs';
import { UserFacingError } from '../runtime/errors.js';
import type { SnapshotDir } from './layout.js';
import type { ResolvedSources } from './sources.js';

/**
 * Where a restore may write and what it must leave out. A snapshot's summary.json comes from
 * the HDD, which anyone with the disk (or a bug) can change: its `sources` and `excludes` are
 * only hints. Targets must lie inside the sources configured now (BACKUP_SOURCES, resolved),
 * the configured filters (the secret excludes) always apply, and no path component on the
 * live side may be a symlink (rsync --relative --no-implied-dirs would write through it).
 */

export const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/** An absolute, normalized path without "." or ".." segments, or undefined. */
function cleanPath(p: string): string | undefined {
  const trimmed = p.replace(/\/+$/, '') || '/';
  if (!restorePath.safeParse(trimmed).success || posix.normalize(trimmed) !== trimmed) return undefined;
  return trimmed;
}

export interface RestorePlan {
  targets: string[];
  /** Snapshot sources left out on purpose (system copies under /etc, the live LOG_DIR). */
  skipped: string[];
}

export interface PlanOptions {
  snapshot: SnapshotDir;
  path?: string;
  /** The sources and filters of the current configuration (resolveSources). */
  allowed: ResolvedSources;
  skip?: readonly string[];
}

/** Chooses the targets of a restore; refuses (in Indonesian, for the chat) any outside the configured sources. */
export function planRestore(o: PlanOptions): RestorePlan {
  const listed = o.snapshot.summary.sources.map((s) => ({ raw: s, clean: cleanPath(s) }));
  const bad = listed.filter((s) => s.clean === undefined).map((s) => s.raw.slice(0, 200));
  if (bad.length) throw new UserFacingError(`Snapshot ${o.snapshot.name} berisi path yang tidak sah (${bad.join(', ')}). Demi aman aku gak restore apa-apa dari snapshot ini.`);
  const sources = listed.map((s) => s.clean as string);
  const allowedNow = (p: string) => o.allowed.sources.some((s) => inside(p, s));
  const outside = (paths: string[]) =>
    new UserFacingError(
      `${paths.join(', ')} ada di luar folder backup yang disetel sekarang (BACKUP_SOURCES), jadi aku gak restore apa-apa. ` +
        'Kalau memang mau dikembalikan, tambahkan dulu foldernya ke BACKUP_SOURCES di .env lalu restart worker.',
    );
  if (o.path !== undefined) {
    const p = cleanPath(o.path);
    if (p === undefined) throw new UserFacingError(`Path ${o.path.slice(0, 200)} tidak sah. Pakai path lengkap tanpa "." atau "..".`);
    if (!sources.some((s) => inside(p, s))) throw new UserFacingError(`Path ${p} tidak termasuk folder yang di-backup (${sources.join(', ')}).`);
    if (!allowedNow(p)) throw outside([p]);
    return { targets: [p], skipped: [] };
  }
  const skip = ['/etc', ...(o.skip ?? [])];
  const skipped = sources.filter((src) => skip.some((k) => inside(src, k)));
  const targets = sources.filter((src) => !skipped.includes(src));
  const out = targets.filter((t) => !allowedNow(t));
  if (out.length) throw outside(out);
  return { targets, skipped };
}

/** Refuses a target whose path on the live side (under `root`) has a symlink in any component. */
export async function refuseSymlinkedPath(target: string, root = '/'): Promise<void> {
  const parts = target.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const p = join(root, ...parts.slice(0, i));
    const st = await lstat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (st === undefined) return;
    if (st.isSymbolicLink()) {
      throw new UserFacingError(`${p} sekarang berupa symlink, jadi restore ${target} aku tolak supaya tidak menulis ke tempat lain. Cek dulu link itu (ls -l ${p}).`);
    }
  }
}

/** A snapshot's own exclude can only narrow a restore; "!" (clears the list) and rule prefixes are dropped. */
const harmlessExclude = (p: string): boolean => p.length > 0 && p.length <= 1000 && !/^[!+\-:]|^\. |[\n\r]/.test(p);

/** The filters of a restore: the configured ones always, plus the snapshot's harmless excludes. */
export function restoreFilters(snapshot: SnapshotDir, allowed: ResolvedSources): { includes: string[]; excludes: string[] } {
  const excludes = [...new Set([...allowed.excludes, ...snapshot.summary.excludes.filter(harmlessExclude)])];
  // An include would win over the snapshot's exclude of the same name (first match) and --delete it.
  const includes = allowed.includes.filter((x) => !excludes.includes(x));
  return { includes, excludes };
}
