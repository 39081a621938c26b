/** How many delivered outbox jobs the bot remembers (a few minutes of messages). */
const MEMO_SIZE = 512;

/**
 * The outbox jobs this bot has delivered and recorded in Redis (keys.sent), newest last:
 * a job delivered twice (the pending message sent at once, then its outbox job) and the
 * result that edits the pending message find it here without asking Redis. Only what is
 * already recorded in Redis is remembered, so this never says more than Redis would.
 * Value: the id of the job's first message, as recorded ('-' when Telegram refused it).
 */
export class SentMemo {
  readonly #sent = new Map<string, string>();

  get(jobId: string): string | undefined {
    return this.#sent.get(jobId);
  }

  /** Call after the job's record in Redis says done. */
  remember(jobId: string, first: string): void {
    this.#sent.delete(jobId);
    this.#sent.set(jobId, first);
    if (this.#sent.size > MEMO_SIZE) this.#sent.delete(this.#sent.keys().next().value as string);
  }
}
