import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { rsyncVersion, sha256SumsChunks } from '@potion/adapters';
import { hashFiles } from './hash-files.js';
import { DATA_DIR, DUMPS_DIR, FILES } from './layout.js';
import type { DumpEntry, ManifestEntry } from './manifest.js';
import type { DumpFailure } from './dumps.js';
import { treeFromItems } from './listed-tree.js';
import { pathKey, syncDir, toManifestEntry, writeFileSynced, type SnapshotSummary } from './manifest.js';
import { diskSpace, hddGone, hddLostError } from './safety.js';
import type { CopiedSnapshot } from './snapshot-copy.js';
import { RUN_TIME_FILE, type SnapshotPlan } from './snapshot-plan.js';
import type { SnapshotOptions, SnapshotOutcome } from './snapshot-types.js';
import { joinPath, walkTree, type TreeEntry } from './tree.js';
import { size } from '@potion/jobs';

let rsyncVersionCache: string | undefined;

/**
 * Lists and hashes what was copied (reusing the previous hash for files hard-linked to its
 * unchanged copy), writes manifest.json, summary.json and SHA256SUMS, syncs the file system,
 * and only then renames `.partial-<name>` to `<name>`.
 */
export async function finishSnapshot(
  o: SnapshotOptions,
  plan: SnapshotPlan,
  copied: CopiedSnapshot,
  dumped: { dumps: DumpEntry[]; failed: DumpFailure[] },
): Promise<SnapshotOutcome> {
  const s = { ...plan, ...copied };
  // The entries come from rsync's own list when it is whole and the partial started empty;
  // otherwise (a resumed partial, a file rsync could not copy) from a walk of the copy.
  const prevDev = s.prevManifest?.summary.dev;
  let tree = s.rs.listed && !s.resumed ? await treeFromItems(Buffer.from(s.dataDir), s.items, s.prefixes, { map: s.prevMap, dev: prevDev }, s.pre.hashes) : undefined;
  const listedBy: SnapshotOutcome['listedBy'] = tree ? 'rsync' : 'walk';
  if (!tree) {
    const walked: TreeEntry[] = [];
    await walkTree(s.dataDir, { ...(o.signal ? { signal: o.signal } : {}), onEntry: (e) => void walked.push(e) });
    tree = walked;
  }
  const dev = (await stat(s.dataDir, { bigint: true })).dev.toString();
  s.lap('walk');

  // Per entry of the tree (by index): its hash and its previous snapshot's entry. One key
  // string per file: each new string costs a hash computation in every Map it is looked up in.
  const sha = new Array<string | undefined>(tree.length);
  const prevOf = new Array<ManifestEntry | undefined>(tree.length);
  const rest: number[] = [];
  let reused = 0;
  let bytesWritten = 0;
  for (let i = 0; i < tree.length; i += 1) {
    const e = tree[i]!;
    if (e.type !== 'f') continue;
    const key = pathKey(e.rel);
    const p = s.prevMap.get(key);
    prevOf[i] = p;
    // Same inode on the same disk as the previous snapshot's copy, same size and mtime:
    // rsync hard-linked the unchanged file, so its hash is already known.
    if (p?.sha256 && p.t === 'f' && prevDev === e.dev && p.ino === e.ino && p.size === e.size && p.mtimeNs === e.mtimeNs) {
      sha[i] = p.sha256;
      reused += 1;
      continue;
    }
    bytesWritten += e.size;
    // Hashes taken while rsync copied count only for exactly the file that is there now.
    const h = s.pre.hashes.get(key);
    if (h && h.ino === e.ino && h.dev === e.dev && h.size === e.size && h.mtimeNs === e.mtimeNs) sha[i] = h.sha256;
    else rest.push(i);
  }
  const hashTotal = rest.reduce((a, i) => a + tree[i]!.size, 0);
  const dataDirBuf = Buffer.from(s.dataDir);
  let hashed = s.pre.bytes;
  let hashedNow = 0;
  await hashFiles(
    rest,
    (i) => joinPath(dataDirBuf, tree[i]!.rel),
    async (i, r) => {
      sha[i] = r.sha256;
      hashed += r.bytes;
      hashedNow += r.bytes;
      await s.report(80 + (hashTotal > 0 ? (hashedNow / hashTotal) * 17 : 17), `checksum: ${size(hashedNow)} dari ${size(hashTotal)}`);
    },
    o.signal ? { signal: o.signal } : {},
  );

  s.lap('hash');
  const entries = tree.map((e, i) => toManifestEntry(e, sha[i]));
  const fileIdx: number[] = [];
  let dirs = 0;
  let symlinks = 0;
  let totalBytes = 0;
  let newFiles = 0;
  let changedFiles = 0;
  // Files of the previous snapshot that are still there (keys are unique on both sides).
  let kept = 0;
  for (let i = 0; i < tree.length; i += 1) {
    const e = tree[i]!;
    if (e.type === 'd') dirs += 1;
    else if (e.type === 'l') symlinks += 1;
    if (e.type !== 'f') continue;
    fileIdx.push(i);
    totalBytes += e.size;
    const p = prevOf[i];
    if (!p || p.t !== 'f') newFiles += 1;
    else {
      kept += 1;
      if (p.sha256 !== sha[i] || p.mode !== e.mode) changedFiles += 1;
    }
  }
  let prevFiles = 0;
  for (const p of s.prevMap.values()) if (p.t === 'f') prevFiles += 1;
  const deletedFiles = prevFiles - kept;

  await s.report(97, 'menulis manifest', true);
  const finishedAt = o.now();
  const cap = (xs: string[]) => xs.slice(0, 200);
  rsyncVersionCache ??= await rsyncVersion(o.runner).catch(() => 'unknown');
  const summary: SnapshotSummary = {
    version: 1,
    ...(o.requestId ? { requestId: o.requestId } : {}),
    snapshot: s.name,
    trigger: o.trigger,
    // A database that could not be dumped (only tolerated in a restore's safety snapshot) makes it partial.
    status: s.rs.outcome === 'partial' || dumped.failed.length > 0 ? 'partial' : 'ok',
    previous: s.prev?.name ?? null,
    files: fileIdx.length,
    dirs,
    symlinks,
    totalBytes,
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
      failed: cap([...dumped.failed.map((f) => `${f.source} (dump database gagal: ${f.reason})`), ...s.rs.problems.failed.map((f) => `${f.path} (${f.reason})`)]),
    },
    ...(dumped.dumps.length ? { dumps: dumped.dumps.map((d) => ({ kind: d.kind, source: d.source, file: d.file, bytes: d.size })) } : {}),
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
  await writeFileSynced(join(s.partial, FILES.sums), (function* () {
    yield* sha256SumsChunks((function* () {
      for (const i of fileIdx) yield { sha256: sha[i]!, name: tree[i]!.rel };
    })(), `${DATA_DIR}/`);
    yield* sha256SumsChunks(dumped.dumps.map((d) => ({ sha256: d.sha256, name: Buffer.from(d.file) })), `${DUMPS_DIR}/`);
  })(), false);
  const dumps = dumped.dumps.length ? { dumps: dumped.dumps } : {};
  await writeFileSynced(join(s.partial, FILES.manifest), JSON.stringify({ summary, entries, ...dumps }), false);
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
  return { name: s.name, path: final, summary, resumed: s.resumed, hdd: await diskSpace(s.dir), estimate: s.estimate, timings: s.timings, cpuTimings: s.cpuTimings, listedBy };
}
