import type { AuditLog, Logger } from '@potion/jobs';
import { BULLMQ_PREFIX, jobs, keys, logUnlessOutage, parseEnvelope, queueName, texts, who } from '@potion/jobs';
import { QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from './context.js';
import type { Handler, Handlers } from './handlers/types.js';
import type { JobLedger } from './job-ledger.js';
import { chatOutboxJob } from './outcome.js';
import type { ResultOutbox } from './result-outbox.js';

/** BullMQ's failedReason for a job whose worker died while maxStalledCount was used up. */
export const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * Must-not-repeat jobs (queue `once`, maxStalledCount 0) whose worker died are failed by
 * BullMQ's stalled checker, never re-run. This tells the user that the outcome is unknown
 * and how to check it. Reported once per job (a Redis set), whether the failure is seen as
 * an event or found by the sweep at start.
 *
 * BullMQ says "stalled" also when only the job's lock ran out (Redis away longer than the
 * lock) while its worker lived on: a job this process is running or has finished
 * (JobLedger), or whose outcome its worker recorded (keys.jobOutcome, or its result kept on
 * disk) already has its one outcome, and is not reported.
 */
export class InterruptedReporter {
  #events: QueueEvents | undefined;
  readonly #log: Logger;
  constructor(
    private readonly deps: Deps,
    private readonly handlers: Handlers,
    private readonly audit: AuditLog,
    private readonly queue: Queue,
    private readonly ledger: JobLedger,
    private readonly outbox: ResultOutbox,
  ) {
    this.#log = deps.log.child({ module: 'worker:interrupted' });
  }

  #connection: Redis | undefined;

  async start(connection: Redis): Promise<void> {
    this.#connection = connection;
    this.#events = new QueueEvents(queueName('once', this.deps.config.hostId), { connection, prefix: BULLMQ_PREFIX });
    this.#events.on('error', logUnlessOutage(this.#log, 'queue events error'));
    this.#events.on('failed', ({ jobId, failedReason }) => {
      if (failedReason !== STALLED_REASON) return;
      void this.#report(jobId).catch((err: unknown) => this.#log.error({ err, jobId }, 'could not report an interrupted job'));
    });
    await this.#events.waitUntilReady();
    await this.sweep();
  }

  /** Finds interrupted jobs that were never reported (the event was missed while down). */
  async sweep(): Promise<number> {
    // Ids and reasons read raw: one job whose stored data is not JSON must not stop the sweep.
    const ids = await this.queue.getRanges(['failed'], 0, 499);
    let n = 0;
    for (const id of ids) {
      const reason = await this.deps.redis.hget(this.queue.toKey(id), 'failedReason');
      if (reason === STALLED_REASON && (await this.#report(id))) n += 1;
    }
    return n;
  }

  /** Why a "stalled" job is not interrupted, or undefined when it is. */
  async #alreadySettled(jobId: string): Promise<string | undefined> {
    const mine = this.ledger.state(this.queue.name, jobId);
    if (mine) return mine === 'running' ? 'this worker is still running it (its lock ran out while Redis was away)' : `this worker finished it (${mine})`;
    const recorded = await this.deps.redis.get(keys.jobOutcome(this.queue.name, jobId));
    if (recorded) return `its worker recorded the outcome (${recorded})`;
    if (this.outbox.has(`res.${this.queue.name}.${jobId}`)) return 'its result waits on disk for Redis';
    return undefined;
  }

  async #report(jobId: string): Promise<boolean> {
    const settled = await this.#alreadySettled(jobId);
    if (settled) {
      this.#log.info({ jobId, queue: this.queue.name, why: settled }, 'BullMQ failed a job as stalled, but its worker lives and it has its outcome; not reporting it as interrupted');
      return false;
    }
    const first = await this.deps.redis.sadd(keys.interruptedReported, `${this.queue.name}:${jobId}`);
    if (first === 0) return false;
    const job = await this.queue.getJob(jobId).catch(() => undefined);
    if (!job) return false;
    let parsed: ReturnType<typeof parseEnvelope>;
    try {
      parsed = parseEnvelope(job.name, job.data);
    } catch {
      return false;
    }
    const { name, envelope } = parsed;
    const def = jobs[name];
    const handler = (this.handlers as unknown as Record<string, Handler<never>>)[name];
    const howToCheck = handler?.howToCheck?.(envelope.payload as never) ?? 'lihat log di 📜 Logs atau jalankan `npm run doctor`';
    this.#log.warn({ jobId, job: name, requestId: envelope.meta.requestId }, 'must-not-repeat job was interrupted; not re-running it');
    this.audit.write({ requestId: envelope.meta.requestId, who: who(envelope.meta.by), action: name, outcome: 'interrupted', error: STALLED_REASON });
    const out = chatOutboxJob(
      envelope.meta,
      { text: texts.interrupted(def.audit, envelope.meta.requestId, howToCheck), kind: 'result' },
      `res.${this.queue.name}.${jobId}`,
      this.deps.now(),
    );
    if (out) await this.outbox.send(out);
    return true;
  }

  async close(): Promise<void> {
    await this.#events?.close();
    // QueueEvents leaves a connection it was given open.
    this.#connection?.disconnect();
  }
}
