import { JobTimeoutError } from './errors.js';

/**
 * A job's time limit: one timer per run. The AbortSignal handlers pass to the runner is made
 * only when a handler reads it (most read jobs never do; an AbortController, its signal and
 * an abort listener cost more than the rest of the wrapper for a short job). When the time is
 * up, the signal (made then if it was not yet) is aborted and `race` rejects with a
 * JobTimeoutError, so a handler that ignores its signal still ends.
 */
export class JobDeadline {
  readonly #timeoutMs: number;
  readonly #timer: NodeJS.Timeout;
  #controller: AbortController | undefined;
  #expired: JobTimeoutError | undefined;
  #reject: ((err: JobTimeoutError) => void) | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#timer = setTimeout(() => this.#expire(), timeoutMs);
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

  /** The run ended: the timer goes (call it in a finally). */
  clear(): void {
    clearTimeout(this.#timer);
  }

  #expire(): void {
    this.#expired = new JobTimeoutError({ timeoutMs: this.#timeoutMs });
    this.#controller?.abort(this.#expired);
    this.#reject?.(this.#expired);
  }
}
