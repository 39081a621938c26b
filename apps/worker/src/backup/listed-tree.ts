import { pathKey, type ManifestEntry } from './manifest.js';
import type { PreHash } from './prehash.js';
import { joinPath, statEntry, type TreeEntry } from './tree.js';

/** One item rsync itemized: its code (YXcstpoguax) and its path inside the data folder. */
export interface ListedItem {
  item: string;
  rel: Buffer;
}

/** Walk order (a folder, then everything in it, then its next sibling) as a plain string order. */
const orderKey = (key: string): string => key.replaceAll('/', '\0');

/**
 * The entries of a fresh snapshot from rsync's own itemized list, in walk order, instead of
 * walking the copy again. A file rsync hard-linked to the previous snapshot (`hf`) is that
 * snapshot's inode, so its manifest entry (size, mtime, mode, inode, hash) is taken over;
 * a received file hashed during the copy has the fstat of that hash; everything else
 * (folders, links, and the folders above each source) is lstat-ed. Returns undefined when an
 * item is not there as listed: the caller walks instead.
 * Only for a partial that rsync filled from empty (a resumed one may hold excluded leftovers
 * that rsync does not list).
 */
export async function treeFromItems(
  dataDir: Buffer,
  items: readonly ListedItem[],
  prefixes: readonly string[],
  prev: { map: ReadonlyMap<string, ManifestEntry>; dev: string | undefined },
  /** fstat of received files taken while hashing them during the copy (see PreHasher). */
  received: ReadonlyMap<string, PreHash> = new Map(),
): Promise<TreeEntry[] | undefined> {
  // Each entry under its walk-order key, once (a later item replaces an earlier one).
  const order: string[] = [];
  const ents: TreeEntry[] = [];
  const at = new Map<string, number>();
  const add = (key: string, e: TreeEntry) => {
    const ok = orderKey(key);
    const i = at.get(ok);
    if (i !== undefined) {
      ents[i] = e;
      return;
    }
    at.set(ok, ents.length);
    order.push(ok);
    ents.push(e);
  };
  let sinceYield = 0;
  const stat = async (rel: Buffer): Promise<TreeEntry> => {
    sinceYield += 1;
    if (sinceYield >= 2000) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
    return statEntry(joinPath(dataDir, rel), rel);
  };
  try {
    for (const { item, rel: raw } of items) {
      if (item[0] === '*') continue;
      const rel = raw.length > 0 && raw[raw.length - 1] === 0x2f ? raw.subarray(0, raw.length - 1) : raw;
      if (rel.length === 0) continue;
      const key = pathKey(rel);
      if (item[0] === 'h' && item[1] === 'f' && prev.dev !== undefined) {
        const p = prev.map.get(key);
        if (p?.t === 'f' && p.sha256) {
          add(key, { rel, type: 'f', size: p.size, mtimeNs: p.mtimeNs, mode: p.mode, ino: p.ino, dev: prev.dev });
          continue;
        }
      }
      if (item[0] === '>' && item[1] === 'f') {
        const h = received.get(key);
        if (h) {
          add(key, { rel, type: 'f', size: h.size, mtimeNs: h.mtimeNs, mode: h.mode, ino: h.ino, dev: h.dev });
          continue;
        }
      }
      add(key, await stat(rel));
    }
    // The folders above each source: created by mkdir -p, not by rsync, so not itemized.
    for (const prefix of prefixes) {
      const parts = prefix.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i += 1) {
        const rel = Buffer.from(parts.slice(0, i).join('/'));
        const key = pathKey(rel);
        if (!at.has(orderKey(key))) add(key, await stat(rel));
      }
    }
  } catch {
    return undefined;
  }
  // The default sort compares strings by code unit, as `<` does, without a JS comparator
  // (the worker's flags keep such a callback in the interpreter); no pair per entry.
  return order.sort().map((ok) => ents[at.get(ok)!]!);
}
