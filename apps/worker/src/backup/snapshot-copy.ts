import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RsyncResult } from '@potion/adapters';
import { copySources, planCopy, type CopyRun } from './copy.js';
import { DATA_DIR, removeTree } from './layout.js';
import type { ListedItem } from './listed-tree.js';
import type { ManifestEntry } from './manifest.js';
import { PreHasher } from './prehash.js';
import type { SnapshotPlan } from './snapshot-plan.js';
import type { SnapshotOptions } from './snapshot-types.js';
import { joinPath } from './tree.js';
import { size } from '@potion/jobs';

/** The previous snapshot's bytes under each run's folder (progress weights); equal when unknown. */
function runWeights(runs: readonly CopyRun[], prevEntries: readonly ManifestEntry[] | undefined): number[] | undefined {
  if (runs.length < 2 || !prevEntries) return undefined;
  const w = runs.map(() => 0);
  const prefixes = runs.map((r) => (r.prefix ? `${r.prefix}/` : ''));
  for (const e of prevEntries) {
    if (e.t !== 'f' || e.p === undefined) continue;
    const i = prefixes.findIndex((p) => p !== '' && e.p!.startsWith(p));
    const j = i >= 0 ? i : prefixes.indexOf('');
    if (j >= 0) w[j]! += e.size;
  }
  return w.map((x) => x + 1);
}

/**
 * A resumed partial may hold paths that are not under any of this run's sources (older
 * source list, or junk); `rsync --delete -R` only cleans inside the sources, so drop the rest.
 */
async function dropOutsideSources(dataDir: string, sources: readonly string[]): Promise<void> {
  const rels = sources.map((s) => Buffer.from(s.replace(/^\/+/, '')));
  const root = Buffer.from(dataDir);
  const startsWithDir = (a: Buffer, dir: Buffer) => a.length > dir.length && a[dir.length] === 0x2f && a.subarray(0, dir.length).equals(dir);
  const visit = async (rel: Buffer): Promise<void> => {
    const abs = rel.length ? joinPath(root, rel) : root;
    for (const n of (await readdir(abs, { encoding: 'buffer' })) as Buffer[]) {
      const r = joinPath(rel, n);
      if (rels.some((s) => r.equals(s) || startsWithDir(r, s))) continue;
      if (rels.some((s) => startsWithDir(s, r))) await visit(r);
      else await removeTree(joinPath(root, r));
    }
  };
  await visit(Buffer.alloc(0));
}

/** What the copy leaves for the finish: rsync's outcome, its itemized list, the hashes taken meanwhile. */
export interface CopiedSnapshot {
  rs: RsyncResult & { listed: boolean };
  items: ListedItem[];
  prefixes: string[];
  pre: PreHasher;
}

/** The partial's data folder, emptied of what a resumed partial holds outside the sources. */
export async function prepareDataDir(o: SnapshotOptions, plan: SnapshotPlan): Promise<void> {
  await mkdir(plan.dataDir, { recursive: true });
  if (plan.resumed) await dropOutsideSources(plan.dataDir, o.sources.sources);
}

/**
 * Copies the sources into the partial with `rsync -a --delete --link-dest` (the previous
 * snapshot), hashing new files while rsync copies them. On a failure the hashing is stopped
 * and the error thrown (the caller decides about the partial); a full disk that rsync
 * reported without failing gives `noSpace`.
 */
export async function copySnapshot(o: SnapshotOptions, plan: SnapshotPlan): Promise<CopiedSnapshot | { noSpace: true }> {
  const { prev, prevManifest } = plan;
  const pre = new PreHasher(Buffer.from(plan.dataDir), o.signal);
  let rs: RsyncResult & { listed: boolean };
  const items: ListedItem[] = [];
  let prefixes: string[] = [];
  try {
    const runs = await planCopy(o.sources, plan.dataDir, prev ? join(prev.path, DATA_DIR) : undefined, o.rsyncArgs);
    prefixes = runs.map((r) => r.prefix);
    rs = await copySources(o.runner, runs, {
      ...(o.signal ? { signal: o.signal } : {}),
      weights: runWeights(runs, prevManifest?.entries),
      onProgress: (p) => void plan.report(p.percent * 0.8, `menyalin: ${p.transferred} file, ${size(p.bytes)}`),
      onItem: (item, rel) => {
        items.push({ item, rel });
        if (item[0] === '>' && item[1] === 'f') pre.push(rel);
      },
    });
    await pre.drain();
  } catch (err) {
    await pre.stop();
    throw err;
  }
  if (rs.problems.noSpace) {
    await pre.stop();
    return { noSpace: true };
  }
  return { rs, items, prefixes, pre };
}
