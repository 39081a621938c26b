/** How many delivered outbox jobs the bot remembers (a few minutes of messages). */
const MEMO_SIZE = 512;

/**
 * The outbox jobs this bot has delivered (their record in Redis, keys.sent, written next),
 * newest last: a job delivered twice (the pending message sent at once, then its outbox job)
 * and the result that edits the pending message find it here without asking Redis. A bot
 * that restarts forgets it; Redis's record then decides, as before.
 * Value: the id of the job's first message ('-' when Telegram refused it).
 */
export class SentMemo {
  readonly #sent = new Map<string, string>();

  get(jobId: string): string | undefined {
    return this.#sent.get(jobId);
  }

  /** Call once every part of the job is sent (or refused for good). */
  remember(jobId: string, first: string): void {
    this.#sent.delete(jobId);
    this.#sent.set(jobId, first);
    if (this.#sent.size > MEMO_SIZE) this.#sent.delete(this.#sent.keys().next().value as string);
  }
}
