import { sha256FileWithStat } from '@potion/adapters';
import { pathKey } from './manifest.js';
import { joinPath } from './tree.js';

export interface PreHash {
  sha256: string;
  ino: string;
  dev: string;
  size: number;
  mtimeNs: string;
}

/**
 * Hashes files while rsync is still copying, from the names it prints (--out-format=%n), so
 * a full backup reads the new bytes while they are still in the page cache and the hashing
 * overlaps the copy. Only a hint: each hash carries the inode, size and mtime it was taken
 * from, and is used only when the finished snapshot shows exactly that file; anything else
 * (a name printed before rsync renamed its temp file, a symlink, a FIFO) is hashed again or
 * skipped.
 */
const HOLD = 2;

export class PreHasher {
  readonly hashes = new Map<string, PreHash>();
  bytes = 0;
  readonly #queue: Buffer[] = [];
  /** Names held back: rsync prints a name while the receiver may still be writing that file. */
  readonly #held: Buffer[] = [];
  #running = 0;
  #idle: (() => void) | undefined;
  constructor(
    private readonly dataDir: Buffer,
    private readonly lanes: number,
    private readonly signal?: AbortSignal,
  ) {}

  push(name: Buffer): void {
    // With --relative rsync prints full paths ("/tmp/x"); the tree keys have no leading "/".
    let start = 0;
    while (start < name.length && name[start] === 0x2f) start += 1;
    const rel = name.subarray(start);
    if (rel.length === 0 || rel[rel.length - 1] === 0x2f) return; // a folder
    this.#held.push(rel);
    // Hash a file once two later names were printed: by then it is usually complete.
    if (this.#held.length > HOLD) this.#start(this.#held.shift()!);
  }

  #start(rel: Buffer): void {
    this.#queue.push(rel);
    if (this.#running < this.lanes) void this.#lane();
  }

  async #lane(): Promise<void> {
    this.#running += 1;
    try {
      for (let rel = this.#queue.shift(); rel !== undefined; rel = this.#queue.shift()) {
        if (this.signal?.aborted) break;
        try {
          const r = await sha256FileWithStat(joinPath(this.dataDir, rel), this.signal);
          this.bytes += r.bytes;
          this.hashes.set(pathKey(rel), r);
        } catch {
          // Not there yet, not a regular file, or gone: the final pass decides.
        }
      }
    } finally {
      this.#running -= 1;
      if (this.#running === 0) this.#idle?.();
    }
  }

  /** Call after rsync exited: hashes the held names too, and resolves when all are done. */
  async drain(): Promise<void> {
    while (this.#held.length > 0) this.#start(this.#held.shift()!);
    if (this.#running === 0 && this.#queue.length === 0) return;
    await new Promise<void>((resolve) => (this.#idle = resolve));
    this.#idle = undefined;
    if (this.#queue.length > 0) await this.drain();
  }
}
