import { EventEmitter } from 'node:events';
import { GrammyError, HttpError, type Transformer } from 'grammy';

/** True for failures that mean "Telegram is unreachable or broken right now", worth waiting out. */
export function isTransient(err: unknown): boolean {
  if (err instanceof HttpError) return true;
  return err instanceof GrammyError && (err.error_code === 429 || err.error_code >= 500);
}

/** A 429: Telegram is reachable and asks us to slow down. Not an outage. */
export function isRateLimit(err: unknown): err is GrammyError {
  return err instanceof GrammyError && err.error_code === 429;
}

export interface OnlineEvent {
  /** Unix ms of the first failed call. */
  downSince: number;
  downMs: number;
}

/**
 * Watches every API call (as the outermost transformer, so it sees what is left after
 * auto-retry) and tracks whether Telegram is reachable. When it comes back after an
 * outage of at least `noteAfterMs`, it emits `online` once.
 *
 * Calls are judged by when they were sent, not when they ended (issue 21, item 3):
 * - a call sent before the latest successful call and failing after it (a long poll that
 *   hung through the outage and is cut after Telegram is back) is old news, not a new outage;
 * - a successful call proves Telegram reachable when it was sent: a long poll answered 30 s
 *   after it was sent does not add those 30 s to the outage.
 * A 429 (rate limit) is an answer from a reachable Telegram, never an outage (item 17).
 */
export class TelegramLink extends EventEmitter<{ online: [OnlineEvent] }> {
  #downSince: number | undefined;
  /** When the latest successful call ended: Telegram was reachable then. */
  #lastOkAt = 0;
  constructor(private readonly noteAfterMs: number, private readonly now: () => number = Date.now) {
    super();
  }

  get downSince(): number | undefined {
    return this.#downSince;
  }

  /** A call sent at `sentAt` found Telegram unreachable (now). */
  down(sentAt: number = this.now()): void {
    if (sentAt < this.#lastOkAt) return;
    this.#downSince ??= this.now();
  }

  /** A call sent at `sentAt` got an answer (now). */
  up(sentAt: number = this.now()): void {
    const at = this.now();
    this.#lastOkAt = Math.max(this.#lastOkAt, at);
    if (this.#downSince === undefined) return;
    const downSince = this.#downSince;
    this.#downSince = undefined;
    // Sent after the outage began: Telegram was back by then. Sent before: only its answer tells.
    const backAt = sentAt >= downSince ? sentAt : at;
    const downMs = backAt - downSince;
    if (downMs >= this.noteAfterMs) this.emit('online', { downSince, downMs });
  }

  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const sentAt = this.now();
      try {
        const res = await prev(method, payload, signal);
        if (res.ok || res.error_code < 500) this.up(sentAt);
        else this.down(sentAt);
        return res;
      } catch (err) {
        if (err instanceof HttpError && !signal?.aborted) this.down(sentAt);
        throw err;
      }
    };
  }
}
