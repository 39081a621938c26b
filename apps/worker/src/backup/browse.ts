import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BrowseEntry } from '@potion/jobs';
import { UserFacingError } from '../runtime/errors.js';
import { FILES, type SnapshotDir } from './layout.js';
import { readManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { inside } from './restore-guard.js';

const KIND = { f: 'file', d: 'dir', l: 'link', o: 'other' } as const;
const ms = (mtimeNs: string): number => Number(BigInt(mtimeNs) / 1_000_000n);

/** How long a parsed manifest is kept after the last page of it was shown. */
const KEEP_MS = 10 * 60_000;
let cached: { path: string; mtimeMs: number; manifest: Manifest; timer: NodeJS.Timeout } | undefined;

/**
 * A snapshot's manifest, parsed once while pages of it are browsed (a snapshot never
 * changes); dropped KEEP_MS after the last use so a big one does not stay in the worker.
 */
export async function snapshotManifest(snap: SnapshotDir): Promise<Manifest> {
  const path = join(snap.path, FILES.manifest);
  const { mtimeMs } = await stat(path);
  const manifest = cached?.path === path && cached.mtimeMs === mtimeMs ? cached.manifest : await readManifest(path);
  if (cached) clearTimeout(cached.timer);
  const timer = setTimeout(() => (cached = undefined), KEEP_MS);
  timer.unref();
  cached = { path, mtimeMs, manifest, timer };
  return manifest;
}

export interface Listing {
  kind: 'root' | 'dir' | 'file';
  /** Every entry of the folder (sorted: folders first, then by name); empty for a file. */
  entries: BrowseEntry[];
  file?: BrowseEntry;
  /** Where "up" goes: a folder, null for the top, undefined at the top itself. */
  parent?: string | null;
}

/** The manifest entries by absolute live path (UTF-8 names only: others cannot be asked for by path). */
function byPath(m: Manifest): Map<string, ManifestEntry> {
  const out = new Map<string, ManifestEntry>();
  for (const e of m.entries) if (e.p !== undefined) out.set(`/${e.p}`, e);
  return out;
}

const toEntry = (path: string, name: string, e: ManifestEntry, total?: number): BrowseEntry => ({ name, path, kind: KIND[e.t], bytes: total ?? e.size, mtime: ms(e.mtimeNs) });

/** Total bytes of the files under each of `dirs` (one pass over the manifest). */
function folderTotals(m: Manifest, dirs: readonly string[]): Map<string, number> {
  const totals = new Map<string, number>(dirs.map((d) => [d, 0]));
  for (const e of m.entries) {
    if (e.t !== 'f' || e.p === undefined) continue;
    const p = `/${e.p}`;
    for (const d of dirs) if (p.startsWith(`${d}/`)) totals.set(d, (totals.get(d) ?? 0) + e.size);
  }
  return totals;
}

const order = (a: BrowseEntry, b: BrowseEntry): number => Number(b.kind === 'dir') - Number(a.kind === 'dir') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * One view of a snapshot from its manifest (the HDD is not listed): the top (the sources
 * that may be restored now), a folder's entries with sizes (a folder's total) and dates, or
 * one file. `path` must already be checked by restore-guard (planRestore).
 */
export function browseManifest(m: Manifest, sources: readonly string[], path: string | undefined): Listing {
  const all = byPath(m);
  if (path === undefined) {
    const tops = sources.filter((s) => all.has(s));
    const totals = folderTotals(m, tops.filter((s) => all.get(s)?.t === 'd'));
    return { kind: 'root', entries: tops.map((s) => toEntry(s, s, all.get(s)!, totals.get(s))).sort(order) };
  }
  const self = all.get(path);
  if (!self) throw new UserFacingError(`${path} tidak ada di snapshot ini.`);
  const parent = sources.includes(path) ? null : dirname(path);
  if (self.t !== 'd') return { kind: 'file', entries: [], file: toEntry(path, path.slice(path.lastIndexOf('/') + 1), self), parent };
  const children: [string, ManifestEntry][] = [];
  const prefix = `${path}/`;
  for (const [p, e] of all) if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) children.push([p, e]);
  const totals = folderTotals(m, children.filter(([, e]) => e.t === 'd').map(([p]) => p));
  const entries = children.map(([p, e]) => toEntry(p, p.slice(prefix.length), e, totals.get(p))).sort(order);
  return { kind: 'dir', entries, parent };
}

/** The snapshot's sources that lie inside the sources configured now (only these are shown or restored). */
export const browsableSources = (snap: SnapshotDir, allowed: readonly string[]): string[] =>
  snap.summary.sources.filter((s) => allowed.some((a) => inside(s, a)));
