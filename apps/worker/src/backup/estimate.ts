import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathKey } from './manifest.js';
import type { ResolvedSources } from './sources.js';
import { joinPath, walkTree, type TreeEntry } from './tree.js';

/** rsync's `*` and `?` in a name pattern (no "/", "**" or classes), as a RegExp over the whole name. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * An approximation of rsync's filter for the size estimate: basename patterns and
 * anchored full paths. rsync itself decides what is copied; this only sizes the check.
 */
export function makeExcluder(sources: ResolvedSources): (abs: string, isDir: boolean) => boolean {
  const incl = sources.includes.map(globToRegExp);
  const rules = sources.excludes.map((p) => {
    const dirOnly = p.endsWith('/');
    const pat = dirOnly ? p.slice(0, -1) : p;
    return { anchored: pat.startsWith('/'), dirOnly, re: pat.startsWith('/') ? undefined : globToRegExp(pat), pat };
  });
  return (abs, isDir) => {
    const name = basename(abs);
    if (incl.some((r) => r.test(name))) return false;
    return rules.some((r) => (r.dirOnly && !isDir ? false : r.anchored ? abs === r.pat : r.re!.test(name)));
  };
}

export interface Estimate {
  files: number;
  dirs: number;
  totalBytes: number;
  /** Bytes of files whose size or mtime differ from the previous snapshot (to be written). */
  changedBytes: number;
  /** What the new snapshot will take on the HDD, with metadata and a margin. */
  neededBytes: number;
}

/** Walks the sources (lstat only) and sizes what this run will write. */
export async function estimateDelta(
  sources: ResolvedSources,
  previous: Map<string, { size: number; mtimeNs: string }> | undefined,
  signal?: AbortSignal,
): Promise<Estimate> {
  const excluded = makeExcluder(sources);
  const est = { files: 0, dirs: 0, totalBytes: 0, changedBytes: 0 };
  const count = (e: TreeEntry, abs: Buffer) => {
    if (e.type === 'd') est.dirs += 1;
    if (e.type !== 'f') return;
    est.files += 1;
    est.totalBytes += e.size;
    const prev = previous?.get(pathKey(abs.subarray(1)));
    if (!prev || prev.size !== e.size || prev.mtimeNs !== e.mtimeNs) est.changedBytes += e.size;
  };
  for (const src of sources.sources) {
    const st = await lstat(src, { bigint: true }).catch(() => undefined);
    // Gone since the sources were resolved: rsync will report it (exit 23).
    if (!st) continue;
    if (!st.isDirectory()) {
      if (st.isFile()) count({ rel: Buffer.alloc(0), type: 'f', size: Number(st.size), mtimeNs: st.mtimeNs.toString(), mode: 0, ino: '', dev: '' }, Buffer.from(src));
      continue;
    }
    est.dirs += 1;
    const abs = (e: TreeEntry) => joinPath(Buffer.from(src), e.rel);
    await walkTree(src, {
      ...(signal ? { signal } : {}),
      skip: (e) => excluded(abs(e).toString('utf8'), e.type === 'd'),
      onEntry: (e) => count(e, abs(e)),
    });
  }
  // Every folder is a new 4 KiB block in each snapshot; manifest and sums ~250 B a file;
  // a margin of 1 MiB plus 5% for file-system overhead.
  const base = est.changedBytes + est.dirs * 4096 + est.files * 250;
  return { ...est, neededBytes: Math.ceil(base * 1.05) + 1024 * 1024 };
}
