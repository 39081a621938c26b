import { pathKey } from './manifest.js';
import { hashFiles, type FileHash } from './hash-files.js';
import { joinPath } from './tree.js';

export type PreHash = Omit<FileHash, 'bytes'>;

/**
 * Hashes files while rsync is still copying, from the names it prints (--out-format=%n), so
 * a full backup reads the new bytes while they are still in the page cache and the hashing
 * overlaps the copy (on an HDD, rsync mostly waits for the disk). Only a hint: each hash
 * carries the inode, size and mtime it was taken from, and is used only when the finished
 * snapshot shows exactly that file; anything else (a name printed before rsync renamed its
 * temp file into place, a symlink, a FIFO) is hashed again or skipped.
 */
const HOLD = 2;

export class PreHasher {
  readonly hashes = new Map<string, PreHash>();
  bytes = 0;
  readonly #queue: Buffer[] = [];
  /** Names held back: rsync prints a name while the receiver may still be writing that file. */
  readonly #held: Buffer[] = [];
  #pump: Promise<void> | undefined;
  constructor(
    private readonly dataDir: Buffer,
    private readonly signal?: AbortSignal,
  ) {}

  /** A name rsync printed, relative to the data folder. */
  push(rel: Buffer): void {
    if (rel.length === 0 || rel[rel.length - 1] === 0x2f) return; // a folder
    this.#held.push(rel);
    // Hash a file once two later names were printed: by then it is usually complete.
    if (this.#held.length > HOLD) this.#start(this.#held.shift()!);
  }

  #start(rel: Buffer): void {
    this.#queue.push(rel);
    this.#kick();
  }

  /** Starts the lane unless it runs; a name queued just as it finished starts it again. */
  #kick(): void {
    if (this.#pump || this.#queue.length === 0) return;
    this.#pump = this.#run().finally(() => {
      this.#pump = undefined;
      this.#kick();
    });
  }

  /** One lane: synchronous slices of small files (see hashFiles), until the queue is empty. */
  async #run(): Promise<void> {
    const queue = this.#queue;
    const drain = function* () {
      for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) yield rel;
    };
    await hashFiles(
      drain(),
      (rel) => joinPath(this.dataDir, rel),
      (rel, r) => {
        this.bytes += r.bytes;
        this.hashes.set(pathKey(rel), r);
      },
      {
        // Not there yet, not a regular file, or gone: the final pass decides.
        failed: () => undefined,
        ...(this.signal ? { signal: this.signal } : {}),
      },
    ).catch(() => undefined);
  }

  /** Call after rsync exited: hashes the held names too, and resolves when all are done. */
  async drain(): Promise<void> {
    while (this.#held.length > 0) this.#start(this.#held.shift()!);
    while (this.#pump) await this.#pump;
  }
}
