/** How a job this process ran ended, or that it still runs. */
export type LedgerState = 'running' | 'ok' | 'failed' | 'refused';

/** Finished jobs remembered per process (the newest; a stalled verdict comes within seconds). */
const KEEP_FINISHED = 2000;

/**
 * What this worker process knows of the jobs it holds. When Redis is away longer than the
 * job lock, BullMQ's stalled checker fails a job that this process is still running or has
 * already finished (its lock expired, not its worker): the interrupted-job reporter asks here
 * first, so it neither claims a worker died nor records a second outcome.
 */
export class JobLedger {
  readonly #states = new Map<string, LedgerState>();

  #key(queue: string, jobId: string): string {
    return `${queue}:${jobId}`;
  }

  begin(queue: string, jobId: string): void {
    this.#states.set(this.#key(queue, jobId), 'running');
  }

  finish(queue: string, jobId: string, outcome: Exclude<LedgerState, 'running'>): void {
    const key = this.#key(queue, jobId);
    this.#states.delete(key);
    this.#states.set(key, outcome);
    if (this.#states.size > KEEP_FINISHED) {
      for (const [k, v] of this.#states) {
        if (this.#states.size <= KEEP_FINISHED) break;
        if (v !== 'running') this.#states.delete(k);
      }
    }
  }

  /** undefined: this process never ran the job (or forgot it long ago). */
  state(queue: string, jobId: string): LedgerState | undefined {
    return this.#states.get(this.#key(queue, jobId));
  }
}
