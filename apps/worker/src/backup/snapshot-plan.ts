import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { estimateDelta, type Estimate } from './estimate.js';
import { chooseSnapshotName, DATA_DIR, DELETING_PREFIX, FILES, listSnapshots, PARTIAL_PREFIX, removeTree, takenIn, type SnapshotDir } from './layout.js';
import { entryKey, readManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { checkSpace, diskSpace } from './safety.js';
import type { SnapshotOptions, SnapshotTimings } from './snapshot-types.js';

/**
 * Picks up what an interrupted run left: `.deleting-*` folders are removed; the newest
 * `.partial-*` is renamed to this run's partial name and completed by rsync (a resume:
 * what it already copied is kept), older partials are removed.
 */
async function recoverLeftovers(dir: string, partial: string): Promise<boolean> {
  const names = (await readdir(dir)).sort();
  for (const n of names.filter((x) => x.startsWith(DELETING_PREFIX))) await removeTree(join(dir, n));
  const partials = names.filter((x) => x.startsWith(PARTIAL_PREFIX));
  const newest = partials.at(-1);
  for (const n of partials.slice(0, -1)) await removeTree(join(dir, n));
  if (newest === undefined) return false;
  if (join(dir, newest) !== partial) await rename(join(dir, newest), partial);
  return true;
}

/**
 * How long the runs of a partial have worked on it so far, kept inside the partial: a resumed
 * snapshot counts the time of the runs before the cut too (its bytes include theirs).
 */
export const RUN_TIME_FILE = '.run-ms';

async function priorRunMs(partial: string): Promise<number> {
  const n = Number((await readFile(join(partial, RUN_TIME_FILE), 'utf8').catch(() => '0')).trim());
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** What the copy and the finish of one snapshot work from, decided before anything is copied. */
export interface SnapshotPlan {
  /** The snapshots folder on the HDD. */
  dir: string;
  name: string;
  /** `.partial-<name>`: where this run writes until the final rename. */
  partial: string;
  dataDir: string;
  /** True when an interrupted run's partial is completed instead of starting empty. */
  resumed: boolean;
  startedAt: number;
  /** Time the runs before a cut spent on this partial. */
  priorMs: number;
  prev: SnapshotDir | undefined;
  prevManifest: Manifest | undefined;
  prevMap: Map<string, ManifestEntry>;
  /** Undefined when the disk was roomy enough to skip sizing the delta (sized later if it fills up). */
  estimate: Estimate | undefined;
  /** The HDD's space before anything was written. */
  space: { freeBytes: number; sizeBytes: number };
  report: (pct: number, label: string, force?: boolean) => Promise<void>;
  timings: SnapshotTimings;
  /** This process's CPU time per phase, in ms. */
  cpuTimings: SnapshotTimings;
  lap: (k: keyof SnapshotTimings) => void;
}

/**
 * Names the snapshot, picks up what an interrupted run left, reads the previous snapshot's
 * manifest and, unless the HDD is roomy, sizes the delta and checks the free space.
 */
export async function planSnapshot(o: SnapshotOptions, dir: string, startedAt: number): Promise<SnapshotPlan> {
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const name = chooseSnapshotName(o.now(), o.timeZone, takenIn(await readdir(dir)));
  const partial = join(dir, `${PARTIAL_PREFIX}${name}`);
  const resumed = await recoverLeftovers(dir, partial);
  const priorMs = resumed ? await priorRunMs(partial) : 0;

  let lastReport = 0;
  const report = async (pct: number, label: string, force = false) => {
    const t = Date.now();
    if (!o.onProgress || (!force && t - lastReport < 1000)) return;
    lastReport = t;
    await writeFile(join(partial, RUN_TIME_FILE), String(priorMs + o.now() - startedAt)).catch(() => undefined);
    await o.onProgress(Math.max(0, Math.min(100, Math.round(pct))), label);
  };

  const snaps = await listSnapshots(o.backupDir);
  const prev: SnapshotDir | undefined = snaps.at(-1);
  const prevManifest = prev ? await readManifest(join(prev.path, FILES.manifest)).catch(() => undefined) : undefined;
  const prevMap = new Map<string, ManifestEntry>();
  for (const e of prevManifest?.entries ?? []) prevMap.set(entryKey(e), e);

  await report(0, 'menghitung perubahan', true);
  const timings: SnapshotTimings = { prepare: Date.now() - t0, estimate: 0, rsync: 0, walk: 0, hash: 0, write: 0, sync: 0 };
  let mark = Date.now();
  const cpuMs = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1000);
  let cpuMark = process.cpuUsage();
  const cpuTimings: SnapshotTimings = { prepare: cpuMs(process.cpuUsage(cpu0)), estimate: 0, rsync: 0, walk: 0, hash: 0, write: 0, sync: 0 };
  const lap = (k: keyof SnapshotTimings) => {
    const t = Date.now();
    timings[k] = t - mark;
    mark = t;
    cpuTimings[k] = cpuMs(process.cpuUsage(cpuMark));
    cpuMark = process.cpuUsage();
  };
  // The size walk of the sources is skipped when the HDD could take the previous snapshot
  // twice over plus 1 GiB: the check would pass anyway. Otherwise (a tight disk, or the first
  // snapshot: used blocks are no bound, sparse files and mounts below a source copy more) the
  // delta is sized before anything is written. A surprise (a huge new file) still ends
  // cleanly at ENOSPC in the copy.
  const before = await diskSpace(dir);
  const roomy = prev !== undefined && before.freeBytes >= 2 * prev.summary.totalBytes + 1024 ** 3;
  const estimate: Estimate | undefined = roomy ? undefined : await estimateDelta(o.sources, prevMap, o.signal);
  lap('estimate');
  const space = o.skipSpaceCheck || !estimate ? before : await checkSpace(dir, estimate.neededBytes);
  const dataDir = join(partial, DATA_DIR);
  return { dir, name, partial, dataDir, resumed, startedAt, priorMs, prev, prevManifest, prevMap, estimate, space, report, timings, cpuTimings, lap };
}
