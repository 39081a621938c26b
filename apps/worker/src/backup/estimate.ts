import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathKey } from './manifest.js';
import type { ResolvedSources } from './sources.js';
import { joinPath } from './tree.js';

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

/** Entries handled between turns of the event loop (lock renewals, progress). */
const BATCH = 2000;

/**
 * Walks the sources and sizes what this run will write. Cheaper than a full walk (tens of
 * thousands of files, and the first snapshot always sizes): folder entries come typed from
 * readdir, regular files get a plain lstat for their size, and only a file whose previous
 * snapshot entry has the same size gets a second, exact (nanosecond) lstat for its mtime.
 */
export async function estimateDelta(
  sources: ResolvedSources,
  previous: Map<string, { size: number; mtimeNs: string }> | undefined,
  signal?: AbortSignal,
): Promise<Estimate> {
  const excluded = makeExcluder(sources);
  const est = { files: 0, dirs: 0, totalBytes: 0, changedBytes: 0 };
  const prev = previous && previous.size > 0 ? previous : undefined;
  const countFile = (abs: Buffer, size: number) => {
    est.files += 1;
    est.totalBytes += size;
    const p = prev?.get(pathKey(abs.subarray(1)));
    if (p && p.size === size) {
      const st = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
      if (st && st.mtimeNs.toString() === p.mtimeNs) return;
    }
    est.changedBytes += size;
  };
  let sinceYield = 0;
  const visit = async (dir: Buffer): Promise<void> => {
    signal?.throwIfAborted();
    const dirents: Dirent<Buffer>[] = readdirSync(dir, { encoding: 'buffer', withFileTypes: true });
    sinceYield += dirents.length;
    if (sinceYield >= BATCH) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
    for (const d of dirents) {
      const isDir = d.isDirectory();
      if (!isDir && !d.isFile()) continue; // links and specials add no bytes
      const abs = joinPath(dir, d.name);
      if (excluded(abs.toString('utf8'), isDir)) continue;
      if (isDir) {
        est.dirs += 1;
        await visit(abs);
        continue;
      }
      const st = lstatSync(abs);
      if (st.isFile()) countFile(abs, st.size);
    }
  };
  for (const src of sources.sources) {
    const st = await lstat(src, { bigint: true }).catch(() => undefined);
    // Gone since the sources were resolved: rsync will report it (exit 23).
    if (!st) continue;
    if (!st.isDirectory()) {
      if (st.isFile()) countFile(Buffer.from(src), Number(st.size));
      continue;
    }
    est.dirs += 1;
    await visit(Buffer.from(src));
  }
  // Every folder is a new 4 KiB block in each snapshot; manifest and sums ~250 B a file;
  // a margin of 1 MiB plus 5% for file-system overhead.
  const base = est.changedBytes + est.dirs * 4096 + est.files * 250;
  return { ...est, neededBytes: Math.ceil(base * 1.05) + 1024 * 1024 };
}
