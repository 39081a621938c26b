import { existsSync } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runRsync, type RsyncOptions, type RsyncProgress, type RsyncResult, type Runner } from '@potion/adapters';
import { globToRegExp } from './estimate.js';
import type { ResolvedSources } from './sources.js';

/** One rsync run of a snapshot. */
export interface CopyRun {
  /** What rsync gets (without the callbacks). */
  rsync: Omit<RsyncOptions, 'onItem' | 'onProgress' | 'signal'>;
  /** Where the names rsync prints are relative to, inside the data folder ("" = data itself). */
  prefix: string;
  /** Sources this run copies. */
  sources: string[];
}

const GLOB = /[*?[]/;

/**
 * True when a filter pattern could act differently on a run rooted at each folder than on the
 * full paths of one `-R` run: a full path with a wildcard (it cannot be rebased exactly), a
 * pattern that spans folders ("a/b", "**", or a class), or a name pattern that matches a
 * folder on a source's own path (under `-R` it could leave the whole source out).
 */
function needsFullPaths(pattern: string, sources: readonly string[]): boolean {
  if (pattern.startsWith('/')) return GLOB.test(pattern);
  const body = pattern.replace(/\/+$/, '');
  if (body.includes('/') || body.includes('**') || body.includes('[')) return true;
  const re = globToRegExp(body);
  return sources.some((src) => src.split('/').some((part) => part !== '' && re.test(part)));
}

/** `path` relative to `dir` when it lies strictly inside it, else undefined. */
function relInside(path: string, dir: string): string | undefined {
  const base = dir === '/' ? '/' : `${dir}/`;
  return path.startsWith(base) && path.length > base.length ? path.slice(base.length) : undefined;
}

/**
 * The excludes of one folder source copied from its own root: basename patterns stay, full
 * paths inside it become anchored at its root, full paths elsewhere do not apply. Returns
 * undefined when the source itself is excluded (it lies in BACKUP_DIR's place).
 */
export function rebaseExcludes(excludes: readonly string[], src: string): string[] | undefined {
  const out: string[] = [];
  for (const p of excludes) {
    if (!p.startsWith('/')) {
      out.push(p);
      continue;
    }
    const dirOnly = p.endsWith('/');
    const body = p.replace(/\/+$/, '') || '/';
    if (body === src) return undefined;
    const rel = relInside(body, src);
    if (rel !== undefined) out.push(`/${rel}${dirOnly ? '/' : ''}`);
  }
  return out;
}

/**
 * How a snapshot is copied. rsync 3.4+ (and the Ubuntu 24.04 security update of 3.2.7) opens
 * every component of a name below the destination, and of the --link-dest path from "/", for
 * each file; `--relative` puts every name below data/<full source path>, which cost ~10% of an
 * incremental run. So each folder source is its own run from its root into
 * data/<source path>/ (linking to the same folder of the previous snapshot), and the single
 * files (fstab, unit files) share one `--relative` run. With a filter that could act
 * differently there (see needsFullPaths) everything goes through one `--relative` run, as
 * before.
 */
export async function planCopy(sources: ResolvedSources, dataDir: string, prevData: string | undefined, extraArgs: readonly string[] = []): Promise<CopyRun[]> {
  const common = { delete: true, includes: sources.includes, ...(extraArgs.length ? { extraArgs } : {}) } as const;
  const whole = (srcs: string[]): CopyRun => ({
    rsync: { ...common, sources: srcs, dest: dataDir, relative: true, excludes: sources.excludes, ...(prevData ? { linkDest: prevData } : {}) },
    prefix: '',
    sources: srcs,
  });
  if ([...sources.excludes, ...sources.includes].some((p) => needsFullPaths(p, sources.sources))) return [whole(sources.sources)];
  const runs: CopyRun[] = [];
  const files: string[] = [];
  for (const src of sources.sources) {
    const st = await lstat(src).catch(() => undefined);
    // A file, or gone since it was resolved: the --relative run copies or reports it.
    if (!st?.isDirectory()) {
      files.push(src);
      continue;
    }
    const excludes = rebaseExcludes(sources.excludes, src);
    if (excludes === undefined) continue;
    const dest = join(dataDir, src);
    const link = prevData ? join(prevData, src) : undefined;
    runs.push({
      rsync: { ...common, sources: [`${src}/`], dest, relative: false, excludes, ...(link && existsSync(link) ? { linkDest: link } : {}) },
      prefix: src.replace(/^\/+/, ''),
      sources: [src],
    });
  }
  if (files.length) runs.push(whole(files));
  return runs;
}

export interface CopyCallbacks {
  signal?: AbortSignal;
  /** Whole-copy progress over all runs: percent 0-100, files and bytes so far. */
  onProgress?: (p: RsyncProgress) => void;
  /**
   * Every item rsync itemized, its name relative to the data folder with no leading "/" (a
   * folder ends in "/"). With it, the result says whether the items are the whole tree.
   */
  onItem?: (item: string, rel: Buffer) => void;
  /** Weight of each run in the progress (e.g. the previous snapshot's bytes per source); default equal. */
  weights?: number[];
}

/**
 * Runs the plan in order and sums what the runs report into one result. `listed` is true when
 * every run exited 0 and itemized exactly as many entries as its file list held (rsync's
 * "Number of files"): then the items name every entry of the copy and nothing else.
 */
export async function copySources(runner: Runner, runs: readonly CopyRun[], cb: CopyCallbacks): Promise<RsyncResult & { listed: boolean }> {
  const total: RsyncResult & { listed: boolean } = {
    listed: cb.onItem !== undefined,
    exitCode: 0,
    outcome: 'ok',
    stats: { files: 0, regularFiles: 0, dirs: 0, createdFiles: 0, deletedFiles: 0, transferredFiles: 0, totalSizeBytes: 0, transferredSizeBytes: 0, literalBytes: 0 },
    problems: { vanished: [], failed: [], noSpace: false },
    durationMs: 0,
    stderr: '',
  };
  const weights = cb.weights && cb.weights.length === runs.length && cb.weights.some((w) => w > 0) ? cb.weights : runs.map(() => 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let doneWeight = 0;
  const slash = Buffer.from('/');
  for (const [i, run] of runs.entries()) {
    if (!run.rsync.relative) await mkdir(run.rsync.dest, { recursive: true });
    const prefix = Buffer.from(run.prefix);
    const doneFiles = total.stats.transferredFiles;
    const doneBytes = total.stats.literalBytes;
    let items = 0;
    const r = await runRsync(runner, {
      ...run.rsync,
      ...(cb.signal ? { signal: cb.signal } : {}),
      ...(cb.onProgress
        ? {
            onProgress: (p: RsyncProgress) =>
              cb.onProgress!({
                percent: ((doneWeight + (weights[i]! * p.percent) / 100) / weightSum) * 100,
                bytes: doneBytes + p.bytes,
                transferred: doneFiles + p.transferred,
              }),
          }
        : {}),
      ...(cb.onItem
        ? {
            onItem: (item: string, name: Buffer) => {
              if (item[0] !== '*') items += 1;
              let start = 0;
              while (start < name.length && name[start] === 0x2f) start += 1;
              let rel = name.subarray(start);
              // The root of a folder run prints as "./".
              if (rel.length === 2 && rel[0] === 0x2e && rel[1] === 0x2f) rel = rel.subarray(2);
              cb.onItem!(item, prefix.length === 0 ? rel : rel.length === 0 ? Buffer.concat([prefix, slash]) : Buffer.concat([prefix, slash, rel]));
            },
          }
        : {}),
    });
    // A run that did not end cleanly may have left what it did not list (its folder, made
    // by the mkdir above, when it could not even enter the source).
    if (items !== r.stats.files || r.exitCode !== 0) total.listed = false;
    doneWeight += weights[i]!;
    for (const k of Object.keys(total.stats) as (keyof RsyncResult['stats'])[]) total.stats[k] += r.stats[k];
    total.problems.vanished.push(...r.problems.vanished);
    total.problems.failed.push(...r.problems.failed);
    total.problems.noSpace ||= r.problems.noSpace;
    total.durationMs += r.durationMs;
    if (r.stderr) total.stderr += r.stderr;
    // The worst outcome wins: a file not copied (23) over a file that vanished (24) over ok.
    if (r.exitCode !== 0 && (total.exitCode === 0 || (total.exitCode === 24 && r.exitCode !== 24))) {
      total.exitCode = r.exitCode;
      total.outcome = r.outcome;
    }
    if (r.problems.noSpace) break;
  }
  return total;
}
