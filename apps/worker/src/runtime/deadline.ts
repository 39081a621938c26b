import { JobTimeoutError } from './errors.js';

/** The running deadlines of one length, oldest first, and the one timer that watches them. */
interface Lane {
  readonly ms: number;
  queue: JobDeadline[];
  head: number;
  /** Deadlines in the queue not cleared yet. */
  live: number;
  timer: NodeJS.Timeout | undefined;
}

/** Node's timers fire on whole milliseconds: a deadline this close counts as reached. */
const EARLY_MS = 1;

/**
 * A job's time limit. The AbortSignal handlers pass to the runner is made only when a handler
 * reads it (most read jobs never do; an AbortController, its signal and an abort listener cost
 * more than the rest of the wrapper for a short job). When the time is up, the signal (made
 * then if it was not yet) is aborted and `race` rejects with a JobTimeoutError, so a handler
 * that ignores its signal still ends.
 *
 * Not one Node timer per job: the deadlines of one length (a job kind's timeout) end in the
 * order they started, so one timer per length watches the oldest, and starting or clearing a
 * deadline is a push and a flag (a timer per job cost the read path a Timeout, a libuv clock
 * read and timer-list churn each time). The timer holds the process open only while a
 * deadline of its length runs.
 */
export class JobDeadline {
  static readonly #lanes = new Map<number, Lane>();

  readonly #timeoutMs: number;
  readonly #endsAt: number;
  readonly #lane: Lane;
  #cleared = false;
  #controller: AbortController | undefined;
  #expired: JobTimeoutError | undefined;
  #reject: ((err: JobTimeoutError) => void) | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#endsAt = performance.now() + timeoutMs;
    let lane = JobDeadline.#lanes.get(timeoutMs);
    if (!lane) {
      lane = { ms: timeoutMs, queue: [], head: 0, live: 0, timer: undefined };
      JobDeadline.#lanes.set(timeoutMs, lane);
    }
    this.#lane = lane;
    lane.queue.push(this);
    lane.live += 1;
    if (lane.timer === undefined) {
      const watched = lane;
      lane.timer = setTimeout(() => JobDeadline.#fire(watched), timeoutMs);
    } else if (lane.live === 1) lane.timer.ref();
  }

  /** Aborted with a JobTimeoutError when the time is up. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#expired) this.#controller.abort(this.#expired);
    }
    return this.#controller.signal;
  }

  /** The handler's outcome, or a JobTimeoutError when the time runs out first. */
  race<T>(run: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#expired) reject(this.#expired);
      this.#reject = reject;
      run.then(resolve, reject);
    });
  }

  /** The run ended: the deadline goes (call it in a finally). */
  clear(): void {
    if (this.#cleared) return;
    this.#cleared = true;
    const lane = this.#lane;
    if (this.#expired === undefined) lane.live -= 1;
    JobDeadline.#dropCleared(lane);
    // Left armed but no longer holding the process open: the next job of this length
    // (a sample every 30 s, a burst of presses) re-uses it instead of making a timer.
    if (lane.live === 0) lane.timer?.unref();
  }

  #expire(): void {
    this.#expired = new JobTimeoutError({ timeoutMs: this.#timeoutMs });
    this.#controller?.abort(this.#expired);
    this.#reject?.(this.#expired);
  }

  /** Drops the cleared deadlines at the head of the queue (most end in the order they began). */
  static #dropCleared(lane: Lane): void {
    const q = lane.queue;
    while (lane.head < q.length && q[lane.head]!.#cleared) lane.head += 1;
    if (lane.head === q.length) {
      q.length = 0;
      lane.head = 0;
    } else if (lane.head > 1024 && lane.head * 2 > q.length) {
      lane.queue = q.slice(lane.head);
      lane.head = 0;
    }
  }

  static #fire(lane: Lane): void {
    lane.timer = undefined;
    const now = performance.now();
    const q = lane.queue;
    while (lane.head < q.length) {
      const d = q[lane.head]!;
      if (!d.#cleared) {
        if (d.#endsAt > now + EARLY_MS) break;
        if (d.#expired === undefined) {
          lane.live -= 1;
          d.#expire();
        }
        // An expired deadline stays counted as ended; its clear() only marks it.
        d.#cleared = true;
      }
      lane.head += 1;
    }
    JobDeadline.#dropCleared(lane);
    const next = lane.queue[lane.head];
    if (next) {
      lane.timer = setTimeout(() => JobDeadline.#fire(lane), Math.max(1, Math.ceil(next.#endsAt - now)));
      if (lane.live === 0) lane.timer.unref();
    }
  }
}
