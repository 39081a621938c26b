import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, rename, rm, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotInfo, zonedParts, type SnapshotInfo } from '@potion/jobs';
import { readSummary, type SnapshotSummary } from './manifest.js';

/**
 * On-disk layout of BACKUP_DIR:
 *   snapshots/2026-11-25/            a complete snapshot (only ever created by a rename)
 *     data/<absolute source paths>   the copied files (rsync -R)
 *     dumps/<n>-<name>               consistent copies of live databases (BACKUP_SQLITE), if any
 *     manifest.json                  every entry with size, mtime, mode, sha256
 *     summary.json                   the totals (what the list shows)
 *     SHA256SUMS                     `cd snapshot && sha256sum -c SHA256SUMS`
 *     verified.json                  the last verification (written later, optional)
 *   snapshots/.partial-<name>        being written; never listed as a snapshot
 *   snapshots/.deleting-<name>       being pruned; never listed
 */
export const SNAPSHOT_NAME = /^\d{4}-\d{2}-\d{2}(_\d{6})?(-\d{1,3})?$/;
export const PARTIAL_PREFIX = '.partial-';
export const DELETING_PREFIX = '.deleting-';
export const DATA_DIR = 'data';
export const DUMPS_DIR = 'dumps';
export const FILES = { manifest: 'manifest.json', summary: 'summary.json', sums: 'SHA256SUMS', verified: 'verified.json' } as const;

export const snapshotsDir = (backupDir: string): string => join(backupDir, 'snapshots');

export { zonedParts };

/**
 * A `taken` test for chooseSnapshotName over a folder listing. The bare date also counts
 * as taken while a later snapshot of that day exists (its bare-date one was pruned): a new
 * snapshot named by the bare date would sort before it and look older than it, so pruning
 * would remove the snapshot just made and "newest" would point at the wrong one.
 */
export function takenIn(names: readonly string[]): (name: string) => boolean {
  const set = new Set(names);
  return (name) => set.has(name) || (/^\d{4}-\d{2}-\d{2}$/.test(name) && names.some((n) => n.startsWith(`${name}_`)));
}

/** YYYY-MM-DD for the first snapshot of a day, YYYY-MM-DD_HHMMSS after that (then -2, -3...). */
export function chooseSnapshotName(at: number, timeZone: string, taken: (name: string) => boolean): string {
  const { date, time } = zonedParts(at, timeZone);
  if (!taken(date)) return date;
  const base = `${date}_${time}`;
  if (!taken(base)) return base;
  for (let i = 2; i < 1000; i += 1) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
  throw new Error('too many snapshots in one second');
}

export interface SnapshotDir {
  name: string;
  path: string;
  summary: SnapshotSummary;
  verified?: SnapshotInfo['verified'];
}

/** True when every file a complete snapshot has is there (the rename happens after them). */
function looksComplete(path: string): boolean {
  return existsSync(join(path, FILES.manifest)) && existsSync(join(path, FILES.summary)) && existsSync(join(path, FILES.sums));
}

/**
 * Complete snapshots, oldest first. Folders under temporary names, folders without the
 * manifest files and folders whose summary does not parse are not snapshots.
 */
export async function listSnapshots(backupDir: string): Promise<SnapshotDir[]> {
  const dir = snapshotsDir(backupDir);
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => SNAPSHOT_NAME.test(n)).sort();
  const out: SnapshotDir[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!looksComplete(path)) continue;
    try {
      const summary = await readSummary(join(path, FILES.summary));
      const snap: SnapshotDir = { name, path, summary };
      const v = await readFile(join(path, FILES.verified), 'utf8').catch(() => undefined);
      if (v) {
        const parsed = snapshotInfo.shape.verified.safeParse(JSON.parse(v));
        if (parsed.success && parsed.data) snap.verified = parsed.data;
      }
      out.push(snap);
    } catch {
      continue;
    }
  }
  return out;
}

export function toInfo(s: SnapshotDir): SnapshotInfo {
  return {
    name: s.name,
    finishedAt: s.summary.finishedAt,
    status: s.summary.status,
    trigger: s.summary.trigger,
    files: s.summary.files,
    totalBytes: s.summary.totalBytes,
    bytesWritten: s.summary.bytesWritten,
    ...(s.verified ? { verified: s.verified } : {}),
  };
}

/** Makes every folder below `path` writable by its owner, so a non-root process can delete read-only copies. */
async function makeWritable(path: Buffer): Promise<void> {
  const st = await lstat(path);
  if (!st.isDirectory()) return;
  await chmod(path, (st.mode & 0o7777) | 0o700);
  for (const n of (await readdir(path, { encoding: 'buffer' })) as Buffer[]) {
    await makeWritable(Buffer.concat([path, Buffer.from('/'), n]));
  }
}

/**
 * Deletes a snapshot folder: first renamed to `.deleting-<name>` (a crash leaves nothing
 * that looks like a snapshot), then removed.
 */
export async function deleteSnapshotDir(backupDir: string, name: string): Promise<void> {
  const dir = snapshotsDir(backupDir);
  const from = join(dir, name);
  const to = join(dir, `${DELETING_PREFIX}${name}`);
  if (!name.startsWith(DELETING_PREFIX) && !name.startsWith(PARTIAL_PREFIX)) await rename(from, to);
  await removeTree(name.startsWith(DELETING_PREFIX) || name.startsWith(PARTIAL_PREFIX) ? from : to);
}

/** rm -rf that also copes with read-only folders (copied modes) when not root. */
export async function removeTree(path: string | Buffer): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EACCES' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    await makeWritable(typeof path === 'string' ? Buffer.from(path) : path);
    await rm(path, { recursive: true, force: true });
  }
}
