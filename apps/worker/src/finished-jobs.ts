/** What a job's run ended with in this process: its result, or the message of its final failure. */
export type Finished = { ok: true; result: unknown } | { ok: false; error: string };

/**
 * The jobs this process ran to their final outcome, newest last (bounded). When Redis was
 * away longer than a job's lock, BullMQ's stalled checker puts the job back to wait while its
 * run goes on here; the run ends (audited, result sent), but the job cannot be completed
 * without its lock, so the same job comes back to this worker. It must not run (or be
 * audited, or answered) a second time: one request, one outcome.
 */
export class FinishedJobs {
  readonly #done = new Map<string, Finished>();
  constructor(private readonly max = 1000) {}

  /** The job's creation time is part of the key: a later job that reuses the id is another job. */
  static key(job: { queueName: string; id?: string | undefined; timestamp: number }): string {
    return `${job.queueName}:${job.id ?? ''}:${job.timestamp}`;
  }

  get(key: string): Finished | undefined {
    return this.#done.get(key);
  }

  set(key: string, v: Finished): void {
    this.#done.delete(key);
    this.#done.set(key, v);
    if (this.#done.size > this.max) this.#done.delete(this.#done.keys().next().value as string);
  }
}
