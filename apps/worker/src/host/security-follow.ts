import { tailJournal, type JournalEntry, type JournalStream, type JournalTail } from '@potion/adapters';
import type { Deps } from '../runtime/context.js';
import { applySecurityEntries, FIRST_READ_MS, followSecurity, type FollowOutcome, type SecurityBatch } from './security-events.js';
import type { SecurityFollowView } from './security-follow-view.js';

/** The first restart of a follower that ended comes after this; each quick end doubles it. */
export const FOLLOW_RETRY_MIN_MS = 2_000;
/** The longest wait between restarts (the minute's read covers the stream meanwhile). */
export const FOLLOW_RETRY_MAX_MS = 10 * 60_000;
/** A follower that ran this long had worked: its next restart starts from the shortest wait again. */
const HEALTHY_RUN_MS = 5 * 60_000;
/** Kernel lines kept to show before a kernel event that arrives in a later batch. */
const KERNEL_CONTEXT = 4;
/** The fallback read while a stream's follower is down (the every-minute read of decision 041). */
export const FALLBACK_EVERY_MS = 60_000;
/** The longest a fallback read may take (what the health.events job allowed). */
const FALLBACK_TIMEOUT_MS = 45_000;

export interface SecurityFollowerOptions {
  /** Environment of the journalctl children (tests put the stand-ins first on PATH). */
  env?: NodeJS.ProcessEnv;
  /** The user whose sudo is the worker's own (default: the process's user). */
  serviceUser?: string;
  /** How often the fallback read runs. Default FALLBACK_EVERY_MS (tests shorten it). */
  fallbackEveryMs?: number;
}

interface StreamState {
  tail: JournalTail | undefined;
  /** Running and not ended. */
  up: boolean;
  startedAt: number;
  retryMs: number;
  timer: NodeJS.Timeout | undefined;
  /** The saved cursor was refused: the next start reads the recent entries instead. */
  dropCursor: boolean;
  /** Which start of the child the batches belong to; a batch that failed stops the later ones of its start. */
  generation: number;
  failedGeneration: number;
}

/**
 * Follows the sshd/sudo and kernel journal streams with one long-running `journalctl -f -o json`
 * child each (instead of forking the worker for two reads every minute): new entries reach
 * applySecurityEntries as journalctl writes them; the cursor is saved with each batch. A child
 * that ends is restarted with a growing wait; until then the minute's read covers its stream.
 */
export class SecurityFollower implements SecurityFollowView {
  private readonly streams = new Map<JournalStream, StreamState>();
  private chain: Promise<unknown> = Promise.resolve();
  private kernelBefore: JournalEntry[] = [];
  private stopped = false;
  private fallbackTimer: NodeJS.Timeout | undefined;
  private fallbackRunning = false;
  /** Failed logins in the window at the last evaluation; undefined: not evaluated yet by this process. */
  private failedInWindow: number | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly opts: SecurityFollowerOptions = {},
  ) {}

  start(): void {
    for (const stream of ['auth', 'kernel'] as const) {
      this.streams.set(stream, { tail: undefined, up: false, startedAt: 0, retryMs: FOLLOW_RETRY_MIN_MS, timer: undefined, dropCursor: false, generation: 0, failedGeneration: -1 });
      void this.open(stream);
    }
    // In the worker, not a scheduled job (docs/decisions/056): an idle minute with both
    // followers up and no failed login in the window costs a timer tick, not a BullMQ round.
    this.fallbackTimer = setInterval(() => void this.fallback(), this.opts.fallbackEveryMs ?? FALLBACK_EVERY_MS);
    this.fallbackTimer.unref();
  }

  /**
   * The minute's read (decision 041) for the streams no follower has, and the failed-login
   * burst evaluated again while failures remain in its window (it ends when they age out,
   * with no new journal line to say so). Nothing at all when neither applies.
   */
  private async fallback(): Promise<void> {
    if (this.stopped || this.fallbackRunning) return;
    const allFollowed = [...this.streams.values()].every((s) => s.up);
    if (allFollowed && this.failedInWindow === 0) return;
    this.fallbackRunning = true;
    try {
      this.noteOutcome(await followSecurity(this.deps, AbortSignal.timeout(FALLBACK_TIMEOUT_MS), this.opts.serviceUser));
    } catch (err) {
      this.log().warn({ err }, 'the fallback read of the journal failed; trying again in a minute');
    } finally {
      this.fallbackRunning = false;
    }
  }

  private noteOutcome(o: FollowOutcome): void {
    this.failedInWindow = o.failedInWindow;
  }

  following(stream: JournalStream): boolean {
    return this.streams.get(stream)?.up ?? false;
  }

  serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Ends the children and waits (at most `waitMs`: Redis may be away) for the batches already read to be handled. */
  async stop(waitMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.fallbackTimer);
    for (const s of this.streams.values()) {
      clearTimeout(s.timer);
      s.up = false;
      s.tail?.stop();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.chain, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  private log() {
    return this.deps.log.child({ module: 'worker:security' });
  }

  private async open(stream: JournalStream): Promise<void> {
    const s = this.streams.get(stream);
    if (!s || this.stopped) return;
    // After the batches in flight: the cursor read here is the last one saved.
    let saved: string | undefined;
    try {
      saved = await this.serialize(async () => (await this.deps.redis.get(this.deps.keys.journalCursor(stream))) ?? undefined);
    } catch (err) {
      // Without the saved cursor a start would read old entries again: try later (Redis away).
      if (this.stopped) return;
      this.log().warn({ stream, err, retryInMs: s.retryMs }, 'cannot read the journal cursor: following later');
      s.timer = setTimeout(() => void this.open(stream), s.retryMs);
      s.retryMs = Math.min(s.retryMs * 2, FOLLOW_RETRY_MAX_MS);
      return;
    }
    if (this.stopped) return;
    const generation = ++s.generation;
    const cursor = s.dropCursor ? undefined : saved;
    s.dropCursor = false;
    const since = this.deps.now() - FIRST_READ_MS;
    s.startedAt = Date.now();
    s.tail = tailJournal({
      stream,
      cursor,
      ...(this.opts.env ? { env: this.opts.env } : {}),
      // Without a cursor only recent entries are news (as in the minute's read).
      onEntries: (entries) => void this.handle(stream, generation, cursor ? entries : entries.filter((e) => e.realtimeUs / 1000 >= since)),
      onExit: (code, stderr) => this.ended(stream, code, stderr),
    });
    s.up = s.tail.pid !== undefined;
  }

  private handle(stream: JournalStream, generation: number, entries: JournalEntry[]): Promise<unknown> {
    const s = this.streams.get(stream);
    if (!entries.length || !s) return Promise.resolve();
    const batch: SecurityBatch = stream === 'auth' ? { auth: { entries, cursor: entries.at(-1)?.cursor }, kernel: null } : { auth: null, kernel: { entries, cursor: entries.at(-1)?.cursor }, kernelBefore: this.kernelBefore };
    if (stream === 'kernel') this.kernelBefore = [...this.kernelBefore, ...entries].slice(-KERNEL_CONTEXT);
    return this.serialize(async () => {
      // A batch before this one failed: its cursor was not saved, so neither may a later one's.
      if (s.failedGeneration === generation) return;
      this.noteOutcome(await applySecurityEntries(this.deps, batch, this.opts.serviceUser));
    }).catch((err: unknown) => {
      // Not saved (Redis away): the follower starts again from the saved cursor and reads them again.
      this.log().warn({ stream, err }, 'could not handle followed journal entries: following again from the saved cursor');
      s.failedGeneration = generation;
      if (s.generation === generation) s.tail?.stop();
    });
  }

  private ended(stream: JournalStream, code: number | null, stderr: string): void {
    const s = this.streams.get(stream);
    if (!s || this.stopped) return;
    s.up = false;
    s.tail = undefined;
    if (Date.now() - s.startedAt >= HEALTHY_RUN_MS) s.retryMs = FOLLOW_RETRY_MIN_MS;
    // A cursor journalctl cannot seek to (a hand-edited key): start over from the recent entries.
    if (/seek to cursor/i.test(stderr)) s.dropCursor = true;
    this.log().warn({ stream, code, stderr: stderr.slice(-300), retryInMs: s.retryMs }, 'journal follower ended: the minute read covers it until it restarts');
    s.timer = setTimeout(() => void this.open(stream), s.retryMs);
    s.retryMs = Math.min(s.retryMs * 2, FOLLOW_RETRY_MAX_MS);
  }
}
