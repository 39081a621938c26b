import { isUtf8 } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { backupRunResult } from '@potion/jobs';
import type { TreeEntry } from './tree.js';

/**
 * A path in JSON: the UTF-8 string when the bytes are valid UTF-8, else `b64` (base64 of the
 * raw bytes), so a file name that is not UTF-8 is recorded exactly.
 */
export function encodePath(rel: Buffer): { p: string } | { b64: string } {
  return isUtf8(rel) ? { p: rel.toString('utf8') } : { b64: rel.toString('base64') };
}

export function decodePath(e: { p?: string | undefined; b64?: string | undefined }): Buffer {
  return e.p !== undefined ? Buffer.from(e.p, 'utf8') : Buffer.from(e.b64 ?? '', 'base64');
}

/** A key for maps: the raw bytes as latin1 (one char per byte, lossless). */
export const pathKey = (rel: Buffer): string => rel.toString('latin1');

const ASCII = /^[\x00-\x7f]*$/;

/**
 * pathKey(decodePath(e)) of a manifest entry. An ASCII name (nearly all) is its own key: its
 * UTF-8 bytes read as latin1 give the same string, without two allocations per entry.
 */
export function entryKey(e: { p?: string | undefined; b64?: string | undefined }): string {
  return e.p !== undefined && ASCII.test(e.p) ? e.p : pathKey(decodePath(e));
}

/** How a path reads in a message (invalid bytes shown as \xNN). */
export function displayPath(rel: Buffer): string {
  const s = rel.toString('utf8');
  if (Buffer.from(s, 'utf8').equals(rel)) return s.replace(/\n/g, '\\n');
  return [...rel].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

export const manifestEntry = z.object({
  p: z.string().optional(),
  b64: z.string().optional(),
  t: z.enum(['f', 'd', 'l', 'o']),
  size: z.number(),
  mtimeNs: z.string(),
  mode: z.number(),
  ino: z.string(),
  sha256: z.string().optional(),
  /** Symlink target, encoded like the path. */
  target: z.object({ p: z.string().optional(), b64: z.string().optional() }).optional(),
});
export type ManifestEntry = z.infer<typeof manifestEntry>;

export const snapshotSummary = backupRunResult
  .omit({ ran: true, pruned: true, hddFreeBytes: true, hddSizeBytes: true })
  .extend({
    version: z.literal(1),
    /** The request that made it: an interrupted restore finds its own safety snapshot by it. */
    requestId: z.string().optional(),
    startedAt: z.number(),
    finishedAt: z.number(),
    sources: z.array(z.string()),
    excludes: z.array(z.string()),
    /** Device of the data tree: inode numbers are compared only within it. */
    dev: z.string(),
    dirs: z.number(),
    symlinks: z.number(),
    reusedHashes: z.number(),
    rsync: z.object({ exitCode: z.number(), transferredFiles: z.number(), literalBytes: z.number(), totalSizeBytes: z.number() }),
    tools: z.object({ rsync: z.string(), node: z.string() }),
  });
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

/**
 * A database dump in the snapshot's dumps/ folder (dumps.ts): a consistent copy of a live
 * database taken before the files were copied, checked with `PRAGMA integrity_check`.
 */
export const dumpEntry = z.object({
  kind: z.enum(['sqlite', 'pg']),
  /** The live database it was taken from: an absolute path (sqlite), a database name (pg). */
  source: z.string(),
  /** Its name in dumps/. */
  file: z.string().regex(/^[A-Za-z0-9._-]+$/),
  size: z.number(),
  mtimeNs: z.string(),
  mode: z.number(),
  sha256: z.string(),
});
export type DumpEntry = z.infer<typeof dumpEntry>;

export const manifestSchema = z.object({ summary: snapshotSummary, entries: z.array(manifestEntry), dumps: z.array(dumpEntry).optional() });
export type Manifest = z.infer<typeof manifestSchema>;

export function toManifestEntry(e: TreeEntry, sha256: string | undefined): ManifestEntry {
  // Filled field by field (no spreads): this runs once per entry of every snapshot.
  const out = (isUtf8(e.rel) ? { p: e.rel.toString('utf8') } : { b64: e.rel.toString('base64') }) as ManifestEntry;
  out.t = e.type;
  out.size = e.type === 'f' ? e.size : 0;
  out.mtimeNs = e.mtimeNs;
  out.mode = e.mode;
  out.ino = e.ino;
  if (sha256) out.sha256 = sha256;
  if (e.target) out.target = encodePath(e.target);
  return out;
}

/**
 * Writes a file and, unless `fsync` is false (the caller syncs the whole file system with
 * syncfs afterwards), fsyncs it before returning, so a rename after it publishes whole data.
 */
export async function writeFileSynced(path: string, data: string | Buffer | Iterable<Buffer>, fsync = true): Promise<void> {
  const fh = await open(path, 'w', 0o644);
  try {
    if (typeof data === 'string' || Buffer.isBuffer(data)) await fh.writeFile(data);
    else {
      // Batch small lines into ~1 MiB writes.
      let batch: Buffer[] = [];
      let size = 0;
      for (const b of data) {
        batch.push(b);
        size += b.length;
        if (size >= 1 << 20) {
          await fh.write(Buffer.concat(batch));
          batch = [];
          size = 0;
        }
      }
      if (batch.length) await fh.write(Buffer.concat(batch));
    }
    if (fsync) await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync of a folder: makes a rename or a new entry in it durable. */
export async function syncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Reads a manifest. The summary is validated; the entries (tens of thousands) are checked for
 * shape by a cheap loop instead of zod, which would dominate an incremental backup.
 */
export async function readManifest(path: string): Promise<Manifest> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as { summary?: unknown; entries?: unknown; dumps?: unknown };
  const summary = snapshotSummary.parse(raw.summary);
  const dumps = raw.dumps === undefined ? undefined : z.array(dumpEntry).parse(raw.dumps);
  if (!Array.isArray(raw.entries)) throw new Error(`${path}: entries is not a list`);
  for (const e of raw.entries as Record<string, unknown>[]) {
    if (
      typeof e !== 'object' || e === null ||
      (typeof e.p !== 'string' && typeof e.b64 !== 'string') ||
      typeof e.t !== 'string' || typeof e.size !== 'number' || typeof e.mtimeNs !== 'string' || typeof e.ino !== 'string' || typeof e.mode !== 'number'
    ) {
      throw new Error(`${path}: an entry does not have the manifest shape`);
    }
  }
  return { summary, entries: raw.entries as ManifestEntry[], ...(dumps ? { dumps } : {}) };
}

export async function readSummary(path: string): Promise<SnapshotSummary> {
  return snapshotSummary.parse(JSON.parse(await readFile(path, 'utf8')));
}
