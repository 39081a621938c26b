/**
 * Runs tasks one after another per key and different keys at the same time: the outbox
 * keeps each chat's order without letting one chat (rate-limited, or whose messages
 * Telegram refuses to take right now) hold up the others. A task starts once the previous
 * task of its key has settled, whatever its outcome.
 */
export class Lanes<K> {
  readonly #tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const result = prev.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.#tails.size;
  }
}
