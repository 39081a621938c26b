export interface FailureLimiterOptions {
  /** Wrong passwords allowed per client within `windowMs`. Default 5. */
  maxFailures?: number;
  /** Length of the window, in ms. Default 15 minutes. */
  windowMs?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
  /** Clients tracked at most; the oldest entry is dropped beyond it. Default 10,000. */
  maxClients?: number;
}

interface Entry {
  failures: number;
  /** When the window of the first counted failure ends. */
  resetAt: number;
}

/**
 * Counts wrong passwords per client (IP address) in a fixed window. A client over the limit
 * is refused until the window ends, even with the right password, so guessing costs
 * `windowMs / maxFailures` per try. In memory on purpose: one process, one user; a restart
 * resets the counts, which an attacker cannot trigger from outside.
 */
export class FailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #maxClients: number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: FailureLimiterOptions = {}) {
    this.#max = opts.maxFailures ?? 5;
    this.#windowMs = opts.windowMs ?? 15 * 60_000;
    this.#now = opts.now ?? Date.now;
    this.#maxClients = opts.maxClients ?? 10_000;
  }

  /** Ms until `client` may try again; 0 when it may try now. */
  blockedForMs(client: string): number {
    const e = this.#live(client);
    if (!e || e.failures < this.#max) return 0;
    return e.resetAt - this.#now();
  }

  fail(client: string): void {
    const e = this.#live(client);
    if (e) {
      e.failures += 1;
      return;
    }
    if (this.#entries.size >= this.#maxClients) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(client, { failures: 1, resetAt: this.#now() + this.#windowMs });
  }

  /** A right password clears the client's count. */
  succeed(client: string): void {
    this.#entries.delete(client);
  }

  #live(client: string): Entry | undefined {
    const e = this.#entries.get(client);
    if (e && e.resetAt <= this.#now()) {
      this.#entries.delete(client);
      return undefined;
    }
    return e;
  }
}
