/** How a job this process ran ended, or that it still runs. */
export type LedgerState = 'running' | 'ok' | 'failed' | 'refused';

/** What a job's run ended with in this process: its result, or the message of its final failure. */
export type Finished = { ok: true; result: unknown } | { ok: false; error: string };

/** A job as BullMQ hands it over: its queue, id and creation time. */
export interface LedgerJob {
  queueName: string;
  id?: string | undefined;
  timestamp: number;
}

interface Entry {
  /** Only for host-changing jobs (begun here) and refusals: what the reporter and the stalled log read. */
  state?: LedgerState;
  /** The job's creation time: a later job that reuses the id is another job. */
  createdAt: number;
  /** Set when the job reached its final outcome here (not for a failure that will be retried). */
  end?: Finished;
}

/** Finished jobs remembered per process (the newest; a stalled verdict comes within seconds). */
const KEEP_FINISHED = 2000;
/**
 * Finished read jobs remembered (their own, smaller share): the schedules alone finish a
 * couple a minute (a host sample every 30 s, the journal check every minute), so at idle
 * the ledger filled up with hours of their results. 200 still cover more than half an hour of
 * them, and a read job's lock is lost for seconds (a stalled verdict comes within one stalled
 * interval); a host-changing job's end is no longer pushed out by them.
 */
export const READ_KEEP_FINISHED = 200;
/** The read queue's name starts with this (queueName('read', host)). */
const READ_QUEUE_PREFIX = 'read@';
/**
 * Forgotten in batches of this many: a Map keeps the holes of deleted entries until it
 * rehashes, and iterating from its start walks them, so dropping one entry per finished job
 * cost a walk over up to a thousand holes each time (a tenth of the wrapper's time per job).
 */
const FORGET_BATCH = 64;

/**
 * What this worker process knows of the jobs it ran. When Redis is away longer than the job
 * lock, BullMQ's stalled checker acts on a job that this process is still running or has
 * already finished (its lock expired, not its worker):
 * - it fails a must-not-repeat job (or a backup stalled twice): the interrupted-job reporter
 *   asks `state` first, so it neither claims a worker died nor records a second outcome;
 * - it puts the job back to wait: the run here ends (audited, answered) but cannot complete
 *   the job, which comes back to this worker; `ended` gives the stored result, so the job is
 *   completed without running (or being audited, or answered) a second time.
 * Only host-changing jobs (`begin`) and refusals have a state (the read path does no extra
 * work, and a read job or a backup is reported as it was before the ledger); every job that
 * reaches its final outcome here is remembered with it.
 */
export class JobLedger {
  readonly #entries = new Map<string, Entry>();
  /** The read queue's jobs, kept apart so that they cannot push out the host-changing ones. */
  readonly #reads = new Map<string, Entry>();

  #map(queue: string): Map<string, Entry> {
    return queue.startsWith(READ_QUEUE_PREFIX) ? this.#reads : this.#entries;
  }

  #key(queue: string, jobId: string): string {
    return `${queue}:${jobId}`;
  }

  begin(job: LedgerJob): void {
    if (job.id === undefined) return;
    this.#map(job.queueName).set(this.#key(job.queueName, job.id), { state: 'running', createdAt: job.timestamp });
  }

  /**
   * The job ended here. Its state is kept for a job begun here or refused; `end` is its final
   * outcome (omit it for a failure that will be retried, or a refusal).
   */
  finish(job: LedgerJob, outcome: Exclude<LedgerState, 'running'>, end?: Finished): void {
    if (job.id === undefined) return;
    const key = this.#key(job.queueName, job.id);
    const entries = this.#map(job.queueName);
    const tracked = outcome === 'refused' || entries.get(key)?.state === 'running';
    if (!tracked && !end) return;
    entries.delete(key);
    // Fields set one by one: a literal of conditional spreads is built on V8's slow path.
    const entry: Entry = { createdAt: job.timestamp };
    if (tracked) entry.state = outcome;
    if (end) entry.end = end;
    entries.set(key, entry);
    const keep = entries === this.#reads ? READ_KEEP_FINISHED : KEEP_FINISHED;
    if (entries.size > keep + FORGET_BATCH) {
      for (const [k, v] of entries) {
        if (entries.size <= keep) break;
        if (v.state !== 'running') entries.delete(k);
      }
    }
  }

  /** undefined: this process never ran the job (or forgot it long ago). */
  state(queue: string, jobId: string): LedgerState | undefined {
    return this.#map(queue).get(this.#key(queue, jobId))?.state;
  }

  /** The final outcome this job (same queue, id and creation time) reached here, if any. */
  ended(job: LedgerJob): Finished | undefined {
    if (job.id === undefined) return undefined;
    const e = this.#map(job.queueName).get(this.#key(job.queueName, job.id));
    return e && e.createdAt === job.timestamp ? e.end : undefined;
  }
}
