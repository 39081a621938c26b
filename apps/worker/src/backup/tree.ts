import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';

/** One entry of a walked tree. Paths are raw bytes: names that are not UTF-8 survive. */
export interface TreeEntry {
  /** Path relative to the walked root, "/"-separated, no leading slash. */
  rel: Buffer;
  type: 'f' | 'd' | 'l' | 'o';
  size: number;
  /** Modification time in nanoseconds since the epoch, as a decimal string (exact). */
  mtimeNs: string;
  mode: number;
  ino: string;
  dev: string;
  /** Symlink target bytes. */
  target?: Buffer;
}

const SLASH = Buffer.from('/');

export function joinPath(a: Buffer, b: Buffer): Buffer {
  return a.length === 0 ? b : Buffer.concat([a, SLASH, b]);
}

function typeOf(st: BigIntStats): TreeEntry['type'] {
  if (st.isFile()) return 'f';
  if (st.isDirectory()) return 'd';
  if (st.isSymbolicLink()) return 'l';
  return 'o';
}

/** Statistics of one path, bigint so mtimes and inode numbers stay exact. */
export function statEntry(abs: Buffer, rel: Buffer): TreeEntry {
  const st = lstatSync(abs, { bigint: true });
  const type = typeOf(st);
  const e: TreeEntry = {
    rel,
    type,
    size: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    mode: Number(st.mode & 0o7777n),
    ino: st.ino.toString(),
    dev: st.dev.toString(),
  };
  if (type === 'l') e.target = readlinkSync(abs, { encoding: 'buffer' }) as Buffer;
  return e;
}

export interface WalkOptions {
  signal?: AbortSignal;
  /** Called for each entry (depth first, parents before children, names sorted bytewise). */
  onEntry: (e: TreeEntry) => void | Promise<void>;
  /** Entries for which this is true are neither reported nor descended into. */
  skip?: (e: TreeEntry) => boolean;
}

/** Synchronous calls this many entries at a time, then a turn of the event loop (lock renewals, progress). */
const BATCH = 2000;

/**
 * Walks a tree below `root` without following symlinks. The root itself is not reported.
 * Uses synchronous readdir/lstat (several times faster than a promise per syscall for tens of
 * thousands of small files) and yields to the event loop every BATCH entries.
 */
export async function walkTree(root: string | Buffer, opts: WalkOptions): Promise<void> {
  const rootBuf = typeof root === 'string' ? Buffer.from(root) : root;
  let sinceYield = 0;
  const visit = async (rel: Buffer): Promise<void> => {
    opts.signal?.throwIfAborted();
    const abs = rel.length ? joinPath(rootBuf, rel) : rootBuf;
    const names = readdirSync(abs, { encoding: 'buffer' }) as Buffer[];
    names.sort(Buffer.compare);
    sinceYield += names.length;
    if (sinceYield >= BATCH) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
    const entries = names.map((n) => statEntry(joinPath(abs, n), joinPath(rel, n)));
    for (const e of entries) {
      if (opts.skip?.(e)) continue;
      await opts.onEntry(e);
      if (e.type === 'd') await visit(e.rel);
    }
  };
  await visit(Buffer.alloc(0));
}
