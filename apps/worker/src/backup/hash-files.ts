import { sha256FileWithStat, sha256SmallFileSync } from '@potion/adapters';

export interface FileHash {
  sha256: string;
  bytes: number;
  ino: string;
  dev: string;
  size: number;
  mtimeNs: string;
  mode: number;
}

/** Synchronous hashing runs at most this long before a turn of the event loop. */
const SLICE_MS = 10;

/**
 * Hashes files one after the other: small ones with synchronous calls in slices of ~10 ms
 * (then a turn of the event loop, so progress, lock renewals and rsync's output keep flowing),
 * large ones streamed. Each result carries the identity (inode, size, mtime) of what was
 * read. A file that cannot be hashed (gone, not a regular file) goes to `failed`.
 */
export async function hashFiles<T>(
  items: Iterable<T>,
  path: (item: T) => Buffer,
  onHash: (item: T, r: FileHash) => void | Promise<void>,
  opts: { signal?: AbortSignal; failed?: (item: T, err: unknown) => void } = {},
): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    opts.signal?.throwIfAborted();
    let r: FileHash | 'too-big';
    try {
      r = sha256SmallFileSync(path(item));
      if (r === 'too-big') r = await sha256FileWithStat(path(item), opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      if (!opts.failed) throw err;
      opts.failed(item, err);
      continue;
    }
    await onHash(item, r);
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
