/**
 * Write errors of runtime.log, from the logger to whoever can tell the admins. The logger
 * exists before Redis does: an error that happens before someone listens is kept (the first
 * one) and handed over when the listener comes.
 */
export class LogFileErrors {
  #listener: ((err: Error) => void) | undefined;
  #pending: Error | undefined;
  #busy = false;
  #lastAt = 0;

  /**
   * @param quietMs after one report, further errors are not reported for this long (every
   * failed line fails the same way; the alert itself is throttled to one an hour in Redis).
   * Default 60000 ms.
   */
  constructor(private readonly quietMs = 60_000) {}

  /** Called by the logger's file stream on every failed write. */
  report(err: Error): void {
    // The listener logs too, and that line fails again: no report from inside a report.
    if (this.#busy) return;
    if (!this.#listener) {
      this.#pending ??= err;
      return;
    }
    const now = Date.now();
    if (now - this.#lastAt < this.quietMs) return;
    this.#lastAt = now;
    this.#busy = true;
    try {
      this.#listener(err);
    } finally {
      this.#busy = false;
    }
  }

  listen(fn: (err: Error) => void): void {
    this.#listener = fn;
    const first = this.#pending;
    this.#pending = undefined;
    if (first) this.report(first);
  }
}
