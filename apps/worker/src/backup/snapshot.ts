import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNoSpaceError, rsyncVersion, sha256SumsChunks, type RsyncResult, type Runner } from '@potion/adapters';
import { UserFacingError } from '../runtime/retry-policy.js';
import { copySources, planCopy, type CopyRun } from './copy.js';
import { estimateDelta, type Estimate } from './estimate.js';
import { hashFiles } from './hash-files.js';
import { treeFromItems, type ListedItem } from './listed-tree.js';
import {
  chooseSnapshotName,
  DATA_DIR,
  DELETING_PREFIX,
  FILES,
  listSnapshots,
  PARTIAL_PREFIX,
  removeTree,
  snapshotsDir,
  takenIn,
  type SnapshotDir,
} from './layout.js';
import { acquireLock } from './lock.js';
import { PreHasher } from './prehash.js';
import {
  decodePath,
  displayPath,
  pathKey,
  readManifest,
  syncDir,
  toManifestEntry,
  writeFileSynced,
  type ManifestEntry,
  type SnapshotSummary,
} from './manifest.js';
import { checkSpace, checkTarget, diskSpace } from './safety.js';
import type { ResolvedSources } from './sources.js';
import { joinPath, walkTree, type TreeEntry } from './tree.js';
import { bytes } from './words.js';

export type Trigger = 'manual' | 'scheduled' | 'catch-up' | 'safety';

export interface SnapshotOptions {
  backupDir: string;
  hddMount: string;
  /** Default /proc/self/mountinfo. */
  mountinfoPath: string;
  /** Snapshot names use the local date here. */
  timeZone: string;
  sources: ResolvedSources;
  trigger: Trigger;
  /** Recorded in the summary (which request made the snapshot). */
  requestId?: string;
  runner: Runner;
  now: () => number;
  signal?: AbortSignal;
  /** 0-100 and a short Indonesian label; called at most about once a second. */
  onProgress?: (percent: number, label: string) => void | Promise<void>;
  /** More rsync options for every copy run, e.g. `--bwlimit` (the benchmark's HDD-speed model). */
  rsyncArgs?: readonly string[];
  /** Skip the free-space estimate before writing (tests of a disk that fills up mid-run). */
  skipSpaceCheck?: boolean;
}

export interface SnapshotOutcome {
  name: string;
  path: string;
  summary: SnapshotSummary;
  resumed: boolean;
  hdd: { freeBytes: number; sizeBytes: number };
  /** Undefined when the disk was roomy enough to skip sizing the delta. */
  estimate: Estimate | undefined;
  /** Where the entries of the manifest came from: rsync's itemized list, or a walk of the copy. */
  listedBy: 'rsync' | 'walk';
  /** Where the time went, in ms (benchmark and logs). */
  timings: { prepare: number; estimate: number; rsync: number; walk: number; hash: number; write: number; sync: number };
}

let rsyncVersionCache: string | undefined;

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

/**
 * Makes one snapshot: checks the HDD, copies with `rsync -a --delete --link-dest`, hashes
 * (reusing the previous hash for files hard-linked to its unchanged copy), writes
 * manifest.json, summary.json and SHA256SUMS, syncs the file system, and only then renames
 * `.partial-<name>` to `<name>`. On failure the partial is removed (disk full, rsync error)
 * or kept for the next run to resume (cancelled); older snapshots are never touched.
 */
/** The HDD left in the middle of the run (unplugged, lazily unmounted, cable pulled). */
export function hddLostError(hddMount: string): UserFacingError {
  return new UserFacingError(
    `HDD terlepas di tengah backup ❌: ${hddMount} tidak ter-mount lagi, jadi backup ini aku hentikan. ` +
      `Snapshot setengah jadi tidak dihitung, snapshot lama aman di HDD.\n` +
      `Cara beresin: cek kabel/daya HDD, jalankan \`sudo mount -a\` dan pastikan \`findmnt ${hddMount}\` menampilkan HDD, lalu jalankan backup lagi.`,
  );
}

/** True when HDD_MOUNT is no longer the HDD holding BACKUP_DIR (checked after a failure and before the final rename). */
async function hddGone(o: SnapshotOptions): Promise<boolean> {
  try {
    await checkTarget({ mountinfoPath: o.mountinfoPath, hddMount: o.hddMount, backupDir: o.backupDir });
    return false;
  } catch {
    return true;
  }
}

export async function createSnapshot(o: SnapshotOptions): Promise<SnapshotOutcome> {
  const startedAt = o.now();
  await checkTarget({ mountinfoPath: o.mountinfoPath, hddMount: o.hddMount, backupDir: o.backupDir });
  if (o.sources.sources.length === 0) {
    throw new UserFacingError(`Tidak ada folder sumber yang bisa di-backup (${o.sources.missing.join(', ') || 'BACKUP_SOURCES kosong'}). Cek BACKUP_SOURCES di .env.`);
  }
  const dir = snapshotsDir(o.backupDir);
  await mkdir(dir, { recursive: true });
  const release = await acquireLock(dir, `backup ${o.trigger}`);
  try {
    return await snapshotLocked(o, dir, startedAt);
  } finally {
    await release();
  }
}

/**
 * How long the runs of a partial have worked on it so far, kept inside the partial: a resumed
 * snapshot counts the time of the runs before the cut too (its bytes include theirs).
 */
const RUN_TIME_FILE = '.run-ms';

async function priorRunMs(partial: string): Promise<number> {
  const n = Number((await readFile(join(partial, RUN_TIME_FILE), 'utf8').catch(() => '0')).trim());
  return Number.isFinite(n) && n > 0 ? n : 0;
}

async function snapshotLocked(o: SnapshotOptions, dir: string, startedAt: number): Promise<SnapshotOutcome> {
  const t0 = Date.now();
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
  for (const e of prevManifest?.entries ?? []) prevMap.set(pathKey(decodePath(e)), e);

  await report(0, 'menghitung perubahan', true);
  const timings = { prepare: Date.now() - t0, estimate: 0, rsync: 0, walk: 0, hash: 0, write: 0, sync: 0 };
  let mark = Date.now();
  const lap = (k: keyof typeof timings) => {
    const t = Date.now();
    timings[k] = t - mark;
    mark = t;
  };
  // The size walk of the sources is skipped when the HDD could take the previous snapshot
  // twice over plus 1 GiB: the check would pass anyway. Otherwise (a tight disk, or the first
  // snapshot: used blocks are no bound, sparse files and mounts below a source copy more) the
  // delta is sized before anything is written. A surprise (a huge new file) still ends
  // cleanly at ENOSPC below.
  const before = await diskSpace(dir);
  const roomy = prev !== undefined && before.freeBytes >= 2 * prev.summary.totalBytes + 1024 ** 3;
  let estimate: Estimate | undefined = roomy ? undefined : await estimateDelta(o.sources, prevMap, o.signal);
  lap('estimate');
  const space = o.skipSpaceCheck || !estimate ? before : await checkSpace(dir, estimate.neededBytes);

  const noSpace = async (): Promise<never> => {
    await removeTree(partial);
    estimate ??= await estimateDelta(o.sources, prevMap, o.signal);
    const now = await diskSpace(dir).catch(() => space);
    throw new UserFacingError(
      `HDD penuh di tengah backup ❌. Backup ini butuh sekitar ${bytes(estimate.neededBytes)}, sisa ruang sebelum mulai ${bytes(space.freeBytes)} (sekarang ${bytes(now.freeBytes)}). ` +
        `Snapshot setengah jadi sudah aku hapus, snapshot lama aman.\nCara beresin: hapus snapshot lama (💾 Backup → Restore list), kurangi BACKUP_KEEP_DAILY, atau kosongkan ruang di HDD. Mencoba lagi tanpa itu tidak akan membantu.`,
      true,
      { retryLater: false },
    );
  };

  const dataDir = join(partial, DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  if (resumed) await dropOutsideSources(dataDir, o.sources.sources);
  const pre = new PreHasher(Buffer.from(dataDir), o.signal);
  let rs: RsyncResult & { listed: boolean };
  const items: ListedItem[] = [];
  let prefixes: string[] = [];
  try {
    const runs = await planCopy(o.sources, dataDir, prev ? join(prev.path, DATA_DIR) : undefined, o.rsyncArgs);
    prefixes = runs.map((r) => r.prefix);
    rs = await copySources(o.runner, runs, {
      ...(o.signal ? { signal: o.signal } : {}),
      weights: runWeights(runs, prevManifest?.entries),
      onProgress: (p) => void report(p.percent * 0.8, `menyalin: ${p.transferred} file, ${bytes(p.bytes)}`),
      onItem: (item, rel) => {
        items.push({ item, rel });
        if (item[0] === '>' && item[1] === 'f') pre.push(rel);
      },
    });
    await pre.drain();
  } catch (err) {
    await pre.stop();
    // The HDD went away: its partial (on the HDD, out of reach now) is resumed by the next run.
    if (await hddGone(o)) throw hddLostError(o.hddMount);
    if (isNoSpaceError(err)) return noSpace();
    // Cancelled (worker stopping, timeout): keep the partial for the next run to resume.
    if (!o.signal?.aborted) await removeTree(partial);
    throw err;
  }
  if (rs.problems.noSpace) {
    await pre.stop();
    return noSpace();
  }
  lap('rsync');

  try {
    return await finish(o, { dir, name, partial, dataDir, prev, prevManifest, prevMap, rs, items, prefixes, estimate, resumed, startedAt, priorMs, report, timings, lap, pre });
  } catch (err) {
    if (await hddGone(o)) throw hddLostError(o.hddMount);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return noSpace();
    if (!o.signal?.aborted) await removeTree(partial);
    throw err;
  }
}

interface FinishState {
  dir: string;
  name: string;
  partial: string;
  dataDir: string;
  prev: SnapshotDir | undefined;
  prevManifest: Awaited<ReturnType<typeof readManifest>> | undefined;
  prevMap: Map<string, ManifestEntry>;
  rs: RsyncResult & { listed: boolean };
  items: ListedItem[];
  prefixes: string[];
  estimate: Estimate | undefined;
  resumed: boolean;
  startedAt: number;
  /** Time the runs before a cut spent on this partial. */
  priorMs: number;
  report: (pct: number, label: string, force?: boolean) => Promise<void>;
  timings: SnapshotOutcome['timings'];
  lap: (k: keyof SnapshotOutcome['timings']) => void;
  pre: PreHasher;
  listedBy?: 'rsync' | 'walk';
}

async function finish(o: SnapshotOptions, s: FinishState): Promise<SnapshotOutcome> {
  // The entries come from rsync's own list when it is whole and the partial started empty;
  // otherwise (a resumed partial, a file rsync could not copy) from a walk of the copy.
  const prevDev = s.prevManifest?.summary.dev;
  let tree = s.rs.listed && !s.resumed ? await treeFromItems(Buffer.from(s.dataDir), s.items, s.prefixes, { map: s.prevMap, dev: prevDev }, s.pre.hashes) : undefined;
  s.listedBy = tree ? 'rsync' : 'walk';
  if (!tree) {
    const walked: TreeEntry[] = [];
    await walkTree(s.dataDir, { ...(o.signal ? { signal: o.signal } : {}), onEntry: (e) => void walked.push(e) });
    tree = walked;
  }
  const dev = (await stat(s.dataDir, { bigint: true })).dev.toString();
  s.lap('walk');

  const hashes = new Map<TreeEntry, string>();
  const toHash: TreeEntry[] = [];
  let reused = 0;
  let bytesWritten = 0;
  for (const e of tree) {
    if (e.type !== 'f') continue;
    const p = s.prevMap.get(pathKey(e.rel));
    // Same inode on the same disk as the previous snapshot's copy, same size and mtime:
    // rsync hard-linked the unchanged file, so its hash is already known.
    if (p?.sha256 && p.t === 'f' && prevDev === e.dev && p.ino === e.ino && p.size === e.size && p.mtimeNs === e.mtimeNs) {
      hashes.set(e, p.sha256);
      reused += 1;
    } else {
      toHash.push(e);
      bytesWritten += e.size;
    }
  }
  // Hashes taken while rsync copied count only for exactly the file that is there now.
  const rest: TreeEntry[] = [];
  for (const e of toHash) {
    const h = s.pre.hashes.get(pathKey(e.rel));
    if (h && h.ino === e.ino && h.dev === e.dev && h.size === e.size && h.mtimeNs === e.mtimeNs) hashes.set(e, h.sha256);
    else rest.push(e);
  }
  const hashTotal = rest.reduce((a, e) => a + e.size, 0);
  const dataDirBuf = Buffer.from(s.dataDir);
  let hashed = s.pre.bytes;
  let hashedNow = 0;
  await hashFiles(
    rest,
    (e) => joinPath(dataDirBuf, e.rel),
    async (e, r) => {
      hashes.set(e, r.sha256);
      hashed += r.bytes;
      hashedNow += r.bytes;
      await s.report(80 + (hashTotal > 0 ? (hashedNow / hashTotal) * 17 : 17), `checksum: ${bytes(hashedNow)} dari ${bytes(hashTotal)}`);
    },
    o.signal ? { signal: o.signal } : {},
  );

  s.lap('hash');
  const entries = tree.map((e) => toManifestEntry(e, hashes.get(e)));
  const files = tree.filter((e) => e.type === 'f');
  let newFiles = 0;
  let changedFiles = 0;
  const seen = new Set<string>();
  for (const e of files) {
    const key = pathKey(e.rel);
    seen.add(key);
    const p = s.prevMap.get(key);
    if (!p || p.t !== 'f') newFiles += 1;
    else if (p.sha256 !== hashes.get(e) || p.mode !== e.mode) changedFiles += 1;
  }
  let deletedFiles = 0;
  for (const [key, p] of s.prevMap) if (p.t === 'f' && !seen.has(key)) deletedFiles += 1;

  await s.report(97, 'menulis manifest', true);
  const finishedAt = o.now();
  const cap = (xs: string[]) => xs.slice(0, 200);
  rsyncVersionCache ??= await rsyncVersion(o.runner).catch(() => 'unknown');
  const summary: SnapshotSummary = {
    version: 1,
    ...(o.requestId ? { requestId: o.requestId } : {}),
    snapshot: s.name,
    trigger: o.trigger,
    status: s.rs.outcome === 'partial' ? 'partial' : 'ok',
    previous: s.prev?.name ?? null,
    files: files.length,
    dirs: tree.filter((e) => e.type === 'd').length,
    symlinks: tree.filter((e) => e.type === 'l').length,
    totalBytes: files.reduce((a, e) => a + e.size, 0),
    newFiles,
    changedFiles,
    deletedFiles,
    bytesWritten,
    hashedBytes: hashed,
    reusedHashes: reused,
    durationMs: s.priorMs + finishedAt - s.startedAt,
    startedAt: s.startedAt,
    finishedAt,
    sources: o.sources.sources,
    excludes: o.sources.excludes,
    dev,
    resumed: s.resumed,
    warnings: {
      vanished: cap(s.rs.problems.vanished),
      failed: cap(s.rs.problems.failed.map((f) => `${f.path} (${f.reason})`)),
    },
    rsync: {
      exitCode: s.rs.exitCode,
      transferredFiles: s.rs.stats.transferredFiles,
      literalBytes: s.rs.stats.literalBytes,
      totalSizeBytes: s.rs.stats.totalSizeBytes,
    },
    tools: { rsync: rsyncVersionCache, node: process.version },
  };
  if (s.rs.exitCode !== 0 && summary.warnings.vanished.length === 0 && summary.warnings.failed.length === 0) {
    // Never a silent partial: when no file could be read from stderr, keep its last line.
    summary.warnings.failed.push(s.rs.stderr.trim().split('\n').slice(-1)[0] ?? `rsync exit ${s.rs.exitCode}`);
  }

  await rm(join(s.partial, RUN_TIME_FILE), { force: true });
  await writeFileSynced(join(s.partial, FILES.sums), sha256SumsChunks((function* () {
    for (const e of files) yield { sha256: hashes.get(e)!, name: e.rel };
  })(), `${DATA_DIR}/`), false);
  await writeFileSynced(join(s.partial, FILES.manifest), JSON.stringify({ summary, entries }), false);
  await writeFileSynced(join(s.partial, FILES.summary), JSON.stringify(summary, null, 2), false);
  s.lap('write');
  // syncfs: every file rsync wrote, and the three files above, reach the disk before the
  // snapshot gets its real name (one flush instead of an fsync per file).
  await o.runner('sync', ['-f', s.partial], { timeoutMs: 30 * 60_000, ...(o.signal ? { signal: o.signal } : {}) });
  const final = join(s.dir, s.name);
  // Never give a snapshot its real name unless the HDD it was written to is still there.
  if (await hddGone(o)) throw hddLostError(o.hddMount);
  await rename(s.partial, final);
  await syncDir(s.dir);
  s.lap('sync');
  await s.report(100, 'selesai', true);
  return { name: s.name, path: final, summary, resumed: s.resumed, hdd: await diskSpace(s.dir), estimate: s.estimate, timings: s.timings, listedBy: s.listedBy ?? 'walk' };
}

export { displayPath };
