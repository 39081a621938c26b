import type { AuditLog, Logger } from '@potion/jobs';
import { BULLMQ_PREFIX, jobs, keys, parseEnvelope, queueName, texts, who } from '@potion/jobs';
import { QueueEvents, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from './context.js';
import type { Handler, Handlers } from './handlers/types.js';
import { notifyChat } from './outcome.js';

/** BullMQ's failedReason for a job whose worker died while maxStalledCount was used up. */
export const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * Must-not-repeat jobs (queue `once`, maxStalledCount 0) whose worker died are failed by
 * BullMQ's stalled checker, never re-run. This tells the user that the outcome is unknown
 * and how to check it. Reported once per job (a Redis set), whether the failure is seen as
 * an event or found by the sweep at start.
 */
export class InterruptedReporter {
  #events: QueueEvents | undefined;
  #connection: Redis | undefined;
  readonly #log: Logger;
  constructor(
    private readonly deps: Deps,
    private readonly handlers: Handlers,
    private readonly audit: AuditLog,
    private readonly queue: Queue,
  ) {
    this.#log = deps.log.child({ module: 'worker:interrupted' });
  }

  async start(connection: Redis): Promise<void> {
    this.#connection = connection;
    this.#events = new QueueEvents(queueName('once', this.deps.config.hostId), { connection, prefix: BULLMQ_PREFIX });
    this.#events.on('failed', ({ jobId, failedReason }) => {
      if (failedReason !== STALLED_REASON) return;
      void this.#report(jobId).catch((err: unknown) => this.#log.error({ err, jobId }, 'could not report an interrupted job'));
    });
    await this.#events.waitUntilReady();
    await this.sweep();
  }

  /** Finds interrupted jobs that were never reported (the event was missed while down). */
  async sweep(): Promise<number> {
    const failed = await this.queue.getFailed(0, 499);
    let n = 0;
    for (const job of failed) {
      if (job.failedReason === STALLED_REASON && job.id && (await this.#report(job.id, job))) n += 1;
    }
    return n;
  }

  async #report(jobId: string, known?: Job): Promise<boolean> {
    const first = await this.deps.redis.sadd(keys.interruptedReported, `${this.queue.name}:${jobId}`);
    if (first === 0) return false;
    const job = known ?? (await this.queue.getJob(jobId));
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
    await notifyChat(
      this.deps.producer,
      envelope.meta,
      { text: texts.interrupted(def.audit, envelope.meta.requestId, howToCheck), kind: 'result' },
      `res.${this.queue.name}.${jobId}`,
      this.deps.now(),
    );
    return true;
  }

  async close(): Promise<void> {
    await this.#events?.close();
    // BullMQ never closes a connection it was given.
    this.#connection?.disconnect();
  }
}
