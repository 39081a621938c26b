import type { AuditLog, Logger } from '@potion/jobs';
import { BULLMQ_PREFIX, jobs, keys, parseEnvelope, texts, who } from '@potion/jobs';
import { QueueEvents, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from './context.js';
import type { Handler, Handlers } from './handlers/types.js';
import { notifyChat } from './outcome.js';

/** BullMQ's failedReason for a job whose worker died while maxStalledCount was used up. */
export const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * Jobs whose worker died once too often are failed by BullMQ's stalled checker, never re-run:
 * must-not-repeat jobs (queue `once`, maxStalledCount 0) at the first death, backups (queue
 * `backup`, maxStalledCount 1) when the resumed run dies too. This tells the user that the
 * job was cut short, what state it left and what to do (the handler's `interrupted` notice,
 * or the generic one with its `howToCheck`), and writes the `interrupted` audit line. Reported
 * once per job (a Redis set), whether the failure is seen as an event or found by the sweep
 * at start.
 */
export class InterruptedReporter {
  readonly #events: QueueEvents[] = [];
  readonly #log: Logger;
  constructor(
    private readonly deps: Deps,
    private readonly handlers: Handlers,
    private readonly audit: AuditLog,
    private readonly queues: readonly Queue[],
  ) {
    this.#log = deps.log.child({ module: 'worker:interrupted' });
  }

  readonly #connections: Redis[] = [];

  /** `connect` makes one connection per queue (each QueueEvents blocks on its own). */
  async start(connect: () => Redis): Promise<void> {
    for (const queue of this.queues) {
      const connection = connect();
      this.#connections.push(connection);
      const events = new QueueEvents(queue.name, { connection, prefix: BULLMQ_PREFIX });
      this.#events.push(events);
      events.on('failed', ({ jobId, failedReason }) => {
        if (failedReason !== STALLED_REASON) return;
        void this.#report(queue, jobId).catch((err: unknown) => this.#log.error({ err, jobId, queue: queue.name }, 'could not report an interrupted job'));
      });
      await events.waitUntilReady();
    }
    await this.sweep();
  }

  /** Finds interrupted jobs that were never reported (the event was missed while down). */
  async sweep(): Promise<number> {
    let n = 0;
    for (const queue of this.queues) {
      for (const job of await queue.getFailed(0, 499)) {
        if (job.failedReason === STALLED_REASON && job.id && (await this.#report(queue, job.id, job))) n += 1;
      }
    }
    return n;
  }

  async #report(queue: Queue, jobId: string, known?: Job): Promise<boolean> {
    const first = await this.deps.redis.sadd(keys.interruptedReported, `${queue.name}:${jobId}`);
    if (first === 0) return false;
    const job = known ?? (await queue.getJob(jobId));
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
    const { meta, payload } = envelope;
    this.#log.warn({ jobId, job: name, queue: queue.name, requestId: meta.requestId }, 'job was interrupted (its worker died); not re-running it');
    this.audit.write({ requestId: meta.requestId, who: who(meta.by), action: name, outcome: 'interrupted', error: STALLED_REASON });
    const generic = () => texts.interrupted(def.audit, meta.requestId, handler?.howToCheck?.(payload as never) ?? 'lihat log di 📜 Logs atau jalankan `npm run doctor`');
    let text: string;
    try {
      text = handler?.interrupted ? await handler.interrupted(payload as never, { ...this.deps, meta, jobId }) : generic();
    } catch (err) {
      // The user still hears of it, in the generic words.
      this.#log.error({ err, jobId, job: name }, 'could not word the interrupted notice of this job');
      text = generic();
    }
    await notifyChat(this.deps.producer, meta, { text, kind: 'result' }, `res.${queue.name}.${jobId}`, this.deps.now());
    return true;
  }

  async close(): Promise<void> {
    for (const events of this.#events) await events.close();
    // QueueEvents leaves a connection it was given open.
    for (const c of this.#connections) c.disconnect();
  }
}
