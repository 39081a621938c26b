import { sha256FileWithStat } from '@potion/adapters';

/** A file's sha256 with the identity (inode, size, mtime, mode) of what was read. */
export type FileHash = Awaited<ReturnType<typeof sha256FileWithStat>>;

/** Files read at once: the thread pool's size, so reads overlap hashing. */
const LANES = 4;

/**
 * Hashes files that are read back from the HDD (verify, the snapshot's final pass) with
 * asynchronous reads, a few at a time: on a dying disk a read may hang for many seconds, and
 * only these lanes wait then, not the worker's event loop (health checks, alerts, other jobs,
 * lock renewals). Results are reported in order of completion, each with the identity
 * (inode, size, mtime, mode) of what was read. A file that cannot be hashed (gone, not a
 * regular file) goes to `failed`, or throws without it.
 */
export async function hashFiles<T>(
  items: Iterable<T>,
  path: (item: T) => Buffer,
  onHash: (item: T, r: FileHash) => void | Promise<void>,
  opts: { signal?: AbortSignal; failed?: (item: T, err: unknown) => void } = {},
): Promise<void> {
  const it = items[Symbol.iterator]();
  let broken = false;
  const lane = async (): Promise<void> => {
    for (let n = it.next(); !n.done && !broken; n = it.next()) {
      opts.signal?.throwIfAborted();
      const item = n.value;
      let r: FileHash;
      try {
        r = await sha256FileWithStat(path(item), opts.signal);
      } catch (err) {
        if (opts.signal?.aborted || !opts.failed) {
          broken = true;
          throw err;
        }
        opts.failed(item, err);
        continue;
      }
      await onHash(item, r);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}
