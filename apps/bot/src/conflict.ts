import type { Logger } from '@potion/platform';
import type { Transformer } from 'grammy';

export interface ConflictPolicyOptions {
  log: Logger;
  now?: () => number;
  /** A bot polling for at least this long is the one holding the chat. Default 10 s. */
  incumbentAfterMs?: number;
  /** First wait before the incumbent polls again after a 409, doubling up to 10 s. Default 1 s. */
  backoffMs?: number;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Two bots polling with one token (a second `npm start`, a second machine, the systemd unit
 * next to a hand-started bot): Telegram answers 409 to the older of two getUpdates. Left
 * alone, the bot already running would stop and the newcomer take over (issue 21, item 1).
 *
 * The bot that has been polling for a while keeps the chat: on a 409 it waits a moment and
 * polls again, which ends the newcomer's poll with a 409. A bot that has polled only
 * briefly is the newcomer: its 409 passes through, the runner stops, and main exits with
 * EXIT_CONFLICT, which the systemd unit does not restart (RestartPreventExitStatus).
 */
export class ConflictPolicy {
  #pollingSince: number | undefined;
  #backoffMs: number;
  readonly #now: () => number;
  readonly #incumbentAfterMs: number;
  readonly #minBackoffMs: number;
  readonly #log: Logger;

  constructor(opts: ConflictPolicyOptions) {
    this.#now = opts.now ?? Date.now;
    this.#incumbentAfterMs = opts.incumbentAfterMs ?? 10_000;
    this.#minBackoffMs = opts.backoffMs ?? 1000;
    this.#backoffMs = this.#minBackoffMs;
    this.#log = opts.log.child({ module: 'bot:conflict' });
  }

  /** True once this bot has polled long enough to count as the one holding the chat. */
  isIncumbent(): boolean {
    return this.#pollingSince !== undefined && this.#now() - this.#pollingSince >= this.#incumbentAfterMs;
  }

  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      this.#pollingSince ??= this.#now();
      const res = await prev(method, payload, signal);
      if (res.ok) {
        this.#backoffMs = this.#minBackoffMs;
        return res;
      }
      if (res.error_code !== 409 || !this.isIncumbent()) return res;
      const waitMs = this.#backoffMs;
      this.#backoffMs = Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2);
      this.#log.warn({ waitMs, description: res.description }, 'another bot polled Telegram with this BOT_TOKEN; this bot keeps the chat and polls again');
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('stopped while waiting after a 409'));
        const onAbort = () => (clearTimeout(t), reject(new Error('stopped while waiting after a 409')));
        const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), waitMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      // An empty batch: the runner polls again at once, with the same offset.
      return { ok: true, result: [] } as unknown as typeof res;
    };
  }
}
