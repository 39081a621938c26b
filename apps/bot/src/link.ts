import { EventEmitter } from 'node:events';
import { GrammyError, HttpError, type Transformer } from 'grammy';

/** True for failures that mean "Telegram is unreachable or broken right now", worth waiting out. */
export function isTransient(err: unknown): boolean {
  if (err instanceof HttpError) return true;
  return err instanceof GrammyError && (err.error_code === 429 || err.error_code >= 500);
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
 */
export class TelegramLink extends EventEmitter<{ online: [OnlineEvent] }> {
  #downSince: number | undefined;
  constructor(private readonly noteAfterMs: number, private readonly now: () => number = Date.now) {
    super();
  }

  get downSince(): number | undefined {
    return this.#downSince;
  }

  down(): void {
    this.#downSince ??= this.now();
  }

  up(): void {
    if (this.#downSince === undefined) return;
    const downSince = this.#downSince;
    this.#downSince = undefined;
    const downMs = this.now() - downSince;
    if (downMs >= this.noteAfterMs) this.emit('online', { downSince, downMs });
  }

  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      try {
        const res = await prev(method, payload, signal);
        if (res.ok || res.error_code < 500) this.up();
        else this.down();
        return res;
      } catch (err) {
        if (err instanceof HttpError && !signal?.aborted) this.down();
        throw err;
      }
    };
  }
}
