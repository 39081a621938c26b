import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_DIR, FILES } from './layout.js';
import { decodePath, displayPath, pathKey, readManifest, writeFileSynced, type ManifestEntry } from './manifest.js';
import { hashFiles } from './hash-files.js';
import { checkDumps } from './dumps-check.js';
import { joinPath, walkTree, type TreeEntry } from './tree.js';
import { size } from '@potion/jobs';

export interface VerifyOptions {
  /** The snapshot folder. */
  path: string;
  /** quick: sizes, mtimes and a sample of hashes; full: every byte. */
  mode: 'quick' | 'full';
  signal?: AbortSignal;
  onProgress?: (percent: number, label: string) => void | Promise<void>;
  /** Files hashed in quick mode: max(this, 1% of the files). Default 20. */
  sample?: number;
  /** Default Math.random (tests pass a fixed one). */
  random?: () => number;
  now?: () => number;
}

export interface VerifyReport {
  ok: boolean;
  checkedFiles: number;
  hashedFiles: number;
  hashedBytes: number;
  /** In the manifest, gone from the snapshot. */
  missing: string[];
  /** Different from the manifest (content, size, mtime, mode, type or link target). */
  changed: string[];
  /** In the snapshot, not in the manifest. */
  extra: string[];
  durationMs: number;
}

function sameTarget(e: ManifestEntry, t: TreeEntry): boolean {
  return e.target !== undefined && t.target !== undefined && decodePath(e.target).equals(t.target);
}

/**
 * Re-checks a snapshot against its manifest and names the missing, changed and extra files.
 * Quick mode compares metadata of every file and hashes a random sample; full mode hashes
 * every file. The result is also written to verified.json for the list.
 */
export async function verifySnapshot(o: VerifyOptions): Promise<VerifyReport> {
  const now = o.now ?? Date.now;
  const started = now();
  const manifest = await readManifest(join(o.path, FILES.manifest));
  const dataDir = Buffer.from(join(o.path, DATA_DIR));
  const onDisk = new Map<string, TreeEntry>();
  await walkTree(dataDir, { ...(o.signal ? { signal: o.signal } : {}), onEntry: (e) => void onDisk.set(pathKey(e.rel), e) });

  const missing: string[] = [];
  const changed: string[] = [];
  const listed = new Set<string>();
  const hashCandidates: { e: ManifestEntry; rel: Buffer }[] = [];
  for (const e of manifest.entries) {
    const rel = decodePath(e);
    const key = pathKey(rel);
    listed.add(key);
    const t = onDisk.get(key);
    if (!t) {
      missing.push(displayPath(rel));
      continue;
    }
    const metaDiffers =
      t.type !== e.t || t.mode !== e.mode || (e.t === 'f' && (t.size !== e.size || t.mtimeNs !== e.mtimeNs)) || (e.t === 'l' && !sameTarget(e, t));
    if (metaDiffers) changed.push(displayPath(rel));
    else if (e.t === 'f' && e.sha256) hashCandidates.push({ e, rel });
  }
  const extra = [...onDisk.entries()].filter(([k]) => !listed.has(k)).map(([, t]) => displayPath(t.rel));

  let chosen = hashCandidates;
  if (o.mode === 'quick') {
    const n = Math.min(hashCandidates.length, Math.max(o.sample ?? 20, Math.ceil(manifest.entries.length / 100)));
    const rnd = o.random ?? Math.random;
    const copy = [...hashCandidates];
    for (let i = 0; i < n; i += 1) {
      const j = i + Math.floor(rnd() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    chosen = copy.slice(0, n);
  }
  const total = chosen.reduce((a, c) => a + c.e.size, 0);
  let hashedBytes = 0;
  let last = 0;
  await hashFiles(
    chosen,
    (c) => joinPath(dataDir, c.rel),
    async (c, r) => {
      hashedBytes += r.bytes;
      if (r.sha256 !== c.e.sha256) changed.push(displayPath(c.rel));
      if (o.onProgress && Date.now() - last > 1000) {
        last = Date.now();
        await o.onProgress(total > 0 ? Math.round((hashedBytes / total) * 100) : 100, `cek checksum: ${size(hashedBytes)} dari ${size(total)}`);
      }
    },
    o.signal ? { signal: o.signal } : {},
  );
  // The database dumps: always every byte (dumps-check.ts).
  const d = await checkDumps(o.path, manifest.dumps ?? [], o.signal);
  missing.push(...d.missing);
  changed.push(...d.changed);
  extra.push(...d.extra);
  const report: VerifyReport = {
    ok: missing.length === 0 && changed.length === 0 && extra.length === 0,
    checkedFiles: manifest.entries.filter((e) => e.t === 'f').length + (manifest.dumps?.length ?? 0),
    hashedFiles: chosen.length + d.hashedFiles,
    hashedBytes: hashedBytes + d.hashedBytes,
    missing,
    changed: [...new Set(changed)],
    extra,
    durationMs: now() - started,
  };
  const tmp = join(o.path, `.${FILES.verified}.tmp`);
  await writeFileSynced(tmp, JSON.stringify({ at: now(), mode: o.mode, ok: report.ok }));
  await rename(tmp, join(o.path, FILES.verified));
  return report;
}
