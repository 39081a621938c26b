import { sha256FileWithStat, sha256SmallFileSync } from '@potion/adapters';
import { pathKey } from './manifest.js';
import type { FileHash } from './hash-files.js';
import { joinPath } from './tree.js';

export type PreHash = Omit<FileHash, 'bytes'>;

/** Synchronous hashing runs at most this long before a turn of the event loop. */
const SLICE_MS = 10;
/** How long to wait for rsync to put a file it announced in place, before trying again. */
const WAIT_MS = 5;
/** A name still not there after this long is left to the final pass (rsync could not copy it). */
const GIVE_UP_MS = 10_000;

/**
 * Hashes files while rsync is still copying, from the names it itemizes as received (`>f`),
 * so a full backup reads the new bytes while they are still in the page cache and the hashing
 * overlaps the copy (on an HDD, rsync mostly waits for the disk). rsync announces a file
 * before it writes it, and puts it in place with a rename once complete: a name not there yet
 * is tried again a few ms later, in order, so the lane follows the copy.
 *
 * Each hash carries the inode, size, mtime and mode it was taken from (fstat of the open file).
 * In a partial that rsync filled from empty, the file at a name is only ever the complete one,
 * so these stand for the entry; a resumed partial is walked and compared instead.
 */
export class PreHasher {
  readonly hashes = new Map<string, PreHash>();
  bytes = 0;
  readonly #queue: Buffer[] = [];
  #pump: Promise<void> | undefined;
  /** rsync has exited: a name that is not there now will not come. */
  #finishing = false;
  /** The copy failed: nothing more is hashed. */
  #stopped = false;
  constructor(
    private readonly dataDir: Buffer,
    private readonly signal?: AbortSignal,
  ) {}

  /** A received file, by its path relative to the data folder. */
  push(rel: Buffer): void {
    if (rel.length === 0 || rel[rel.length - 1] === 0x2f) return; // a folder
    this.#queue.push(rel);
    this.#kick();
  }

  /** Starts the lane unless it runs; a name queued just as it finished starts it again. */
  #kick(): void {
    if (this.signal?.aborted || this.#stopped) this.#queue.length = 0;
    if (this.#pump || this.#queue.length === 0) return;
    this.#pump = this.#run()
      .catch(() => undefined)
      .finally(() => {
        this.#pump = undefined;
        this.#kick();
      });
  }

  async #run(): Promise<void> {
    let sliceStart = performance.now();
    let waitingSince: number | undefined;
    while (this.#queue.length > 0 && !this.signal?.aborted && !this.#stopped) {
      const rel = this.#queue[0]!;
      const path = joinPath(this.dataDir, rel);
      try {
        let r: FileHash | 'too-big' = sha256SmallFileSync(path);
        if (r === 'too-big') r = await sha256FileWithStat(path, this.signal);
        this.bytes += r.bytes;
        this.hashes.set(pathKey(rel), r);
      } catch (err) {
        const now = performance.now();
        waitingSince ??= now;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !this.#finishing && now - waitingSince < GIVE_UP_MS) {
          await new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS));
          sliceStart = performance.now();
          continue;
        }
        // Gone, not a regular file, or never came: the final pass decides.
      }
      waitingSince = undefined;
      this.#queue.shift();
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  /** The copy failed or was cancelled: drops what is queued and resolves when the lane stopped. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    while (this.#pump) await this.#pump;
  }

  /** Call after rsync exited: hashes what is still queued, and resolves when all are done. */
  async drain(): Promise<void> {
    this.#finishing = true;
    this.#kick();
    while (this.#pump) await this.#pump;
  }
}
