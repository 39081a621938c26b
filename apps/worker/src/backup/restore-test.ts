import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runRsync, sha256File, type Runner } from '@potion/adapters';
import { DATA_DIR, FILES } from './layout.js';
import { decodePath, displayPath, readManifest, type ManifestEntry } from './manifest.js';
import { joinPath } from './tree.js';

export interface RestoreTestOptions {
  /** The new snapshot folder. */
  snapshotPath: string;
  /** Files to restore and compare; all files when there are fewer. */
  sample: number;
  /** A folder on the same HDD for the temporary restore (removed afterwards). */
  scratchDir: string;
  runner: Runner;
  /** Bytes restored at most; bigger files are passed over so the test stays short. Default 2 GiB. */
  maxBytes?: number;
  /** Default Math.random (tests pass a fixed one). */
  random?: () => number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface RestoreTestReport {
  ok: boolean;
  /** Files restored and compared. */
  sampled: number;
  /** Files whose restored copy is missing or differs from the manifest's sha256. */
  failed: string[];
  /** Why the test could not run at all (rsync failed, manifest unreadable). */
  error?: string;
  durationMs: number;
}

/** Picks `n` entries at random (partial Fisher-Yates). */
export function pickSample<T>(items: readonly T[], n: number, random: () => number = Math.random): T[] {
  const copy = [...items];
  const k = Math.min(n, copy.length);
  for (let i = 0; i < k; i += 1) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

/** The first `n` entries (in the shuffled order) whose sizes fit in `maxBytes` together. */
function withinBudget<T extends { size: number }>(shuffled: readonly T[], n: number, maxBytes: number): T[] {
  const out: T[] = [];
  let total = 0;
  for (const e of shuffled) {
    if (out.length >= n) break;
    if (total + e.size > maxBytes) continue;
    out.push(e);
    total += e.size;
  }
  return out;
}

/**
 * Proves a snapshot can be restored: copies a random sample of its files out with rsync
 * (the same tool a real restore uses) into a scratch folder and compares each copy's
 * sha256 with the manifest. A file that rotted on the HDD or was changed after the backup
 * shows up here, not on the day it is needed.
 */
export async function restoreTest(o: RestoreTestOptions): Promise<RestoreTestReport> {
  const now = o.now ?? Date.now;
  const started = now();
  const scratch = join(o.scratchDir, `.restore-test-${started}-${process.pid}`);
  try {
    const manifest = await readManifest(join(o.snapshotPath, FILES.manifest));
    const candidates = manifest.entries.filter((e): e is ManifestEntry & { sha256: string } => e.t === 'f' && typeof e.sha256 === 'string');
    const chosen = withinBudget(pickSample(candidates, candidates.length, o.random), o.sample, o.maxBytes ?? 2 * 1024 ** 3);
    if (chosen.length === 0) return { ok: true, sampled: 0, failed: [], durationMs: now() - started };
    await mkdir(join(scratch, 'out'), { recursive: true });
    const list = join(scratch, 'files.list');
    // NUL-separated raw bytes: names that are not UTF-8 or hold newlines are restored exactly.
    await writeFile(list, Buffer.concat(chosen.flatMap((e) => [decodePath(e), Buffer.from([0])])));
    const r = await runRsync(o.runner, {
      sources: [`${join(o.snapshotPath, DATA_DIR)}/`],
      dest: join(scratch, 'out'),
      delete: false,
      extraArgs: ['--from0', `--files-from=${list}`],
      timeoutMs: 3600_000,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    const failed: string[] = [];
    for (const e of chosen) {
      const rel = decodePath(e);
      const got = await sha256File(joinPath(Buffer.from(join(scratch, 'out')), rel), o.signal, e.size).catch(() => undefined);
      if (!got || got.sha256 !== e.sha256) failed.push(displayPath(rel));
    }
    const error = r.exitCode !== 0 && failed.length === 0 ? `rsync exit ${r.exitCode}` : undefined;
    return { ok: failed.length === 0 && !error, sampled: chosen.length, failed, ...(error ? { error } : {}), durationMs: now() - started };
  } catch (err) {
    return { ok: false, sampled: 0, failed: [], error: (err as Error).message.slice(0, 300), durationMs: now() - started };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
