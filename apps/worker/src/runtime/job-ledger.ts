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
/**
 * One kind of jobs (the read queues, or the others), per queue then per job id: a lookup
 * hashes the job's short id, not a `queue:id` string made for it (a concatenated string is
 * flattened and hashed on each lookup: two of them were most of the ledger's cost per job).
 */
class Group {
  readonly byQueue = new Map<string, Map<string, Entry>>();
  size = 0;
  constructor(readonly keep: number) {}

  /**
   * Forgets finished jobs, the oldest first (queue by queue, in the order the queues were
   * first seen: a worker has one read queue, and its other queues' jobs are rare), never a
   * running one.
   */
  forget(): void {
    for (const entries of this.byQueue.values()) {
      for (const [id, e] of entries) {
        if (this.size <= this.keep) return;
        if (e.state !== 'running') {
          entries.delete(id);
          this.size -= 1;
        }
      }
    }
  }
}

export class JobLedger {
  readonly #others = new Group(KEEP_FINISHED);
  /** The read queue's jobs, kept apart so that they cannot push out the host-changing ones. */
  readonly #reads = new Group(READ_KEEP_FINISHED);

  #group(queue: string): Group {
    return queue.startsWith(READ_QUEUE_PREFIX) ? this.#reads : this.#others;
  }

  #entries(queue: string, create: true): Map<string, Entry>;
  #entries(queue: string, create: false): Map<string, Entry> | undefined;
  #entries(queue: string, create: boolean): Map<string, Entry> | undefined {
    const group = this.#group(queue);
    let entries = group.byQueue.get(queue);
    if (!entries && create) {
      entries = new Map();
      group.byQueue.set(queue, entries);
    }
    return entries;
  }

  #set(queue: string, id: string, entry: Entry): void {
    const group = this.#group(queue);
    const entries = this.#entries(queue, true);
    // Deleted first: a Map keeps a key where it was first set, and the oldest are forgotten first.
    if (entries.delete(id)) group.size -= 1;
    entries.set(id, entry);
    group.size += 1;
    if (group.size > group.keep + FORGET_BATCH) group.forget();
  }

  begin(job: LedgerJob): void {
    if (job.id === undefined) return;
    this.#set(job.queueName, job.id, { state: 'running', createdAt: job.timestamp });
  }

  /**
   * The job ended here. Its state is kept for a job begun here or refused; `end` is its final
   * outcome (omit it for a failure that will be retried, or a refusal).
   */
  finish(job: LedgerJob, outcome: Exclude<LedgerState, 'running'>, end?: Finished): void {
    if (job.id === undefined) return;
    const tracked = outcome === 'refused' || this.#entries(job.queueName, false)?.get(job.id)?.state === 'running';
    if (!tracked && !end) return;
    // Fields set one by one: a literal of conditional spreads is built on V8's slow path.
    const entry: Entry = { createdAt: job.timestamp };
    if (tracked) entry.state = outcome;
    if (end) entry.end = end;
    this.#set(job.queueName, job.id, entry);
  }

  /** undefined: this process never ran the job (or forgot it long ago). */
  state(queue: string, jobId: string): LedgerState | undefined {
    return this.#entries(queue, false)?.get(jobId)?.state;
  }

  /** The final outcome this job (same queue, id and creation time) reached here, if any. */
  ended(job: LedgerJob): Finished | undefined {
    if (job.id === undefined) return undefined;
    const e = this.#entries(job.queueName, false)?.get(job.id);
    return e && e.createdAt === job.timestamp ? e.end : undefined;
  }
}
