import type { AuditLog, Logger } from '@potion/platform';
import { jobs, openQueueEvents, parseEnvelope, texts, BULLMQ_PREFIX, code, html, type Text } from '@potion/jobs';
import { logUnlessOutage, who } from '@potion/platform';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from './context.js';
import type { Handler, Handlers } from '../jobs/types.js';
import type { JobLedger } from './job-ledger.js';
import { chatOutboxJob } from './outbox.js';
import type { ResultOutbox } from './result-outbox.js';

/** BullMQ's failedReason for a job whose worker died while maxStalledCount was used up. */
export const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * One read of the events stream blocks this long (BullMQ: 10 s). An event ends it at once;
 * a quiet listener wakes 1 time a minute instead of 6 (docs/decisions/056).
 */
export const EVENTS_BLOCK_MS = 60_000;

/**
 * Jobs whose worker died once too often are failed by BullMQ's stalled checker, never re-run:
 * must-not-repeat jobs (queue `once`, maxStalledCount 0) at the first death, backups (queue
 * `backup`, maxStalledCount 1) when the resumed run dies too. This tells the user that the
 * job was cut short, what state it left and what to do (the handler's `interrupted` notice,
 * or the generic one with its `howToCheck`), and writes the `interrupted` audit line. Reported
 * once per job (a Redis set), whether the failure is seen as an event or found by the sweep
 * at start.
 *
 * BullMQ says "stalled" also when only the job's lock ran out (Redis away longer than the
 * lock) while its worker lived on: a job this process is running or has finished
 * (JobLedger), or whose outcome its worker recorded (keys.jobOutcome, or its result kept on
 * disk) already has its one outcome, and is not reported.
 */
export class InterruptedReporter {
  readonly #events: QueueEvents[] = [];
  readonly #connections: Redis[] = [];
  readonly #log: Logger;
  constructor(
    private readonly deps: Deps,
    private readonly handlers: Handlers,
    private readonly audit: AuditLog,
    private readonly queues: readonly Queue[],
    private readonly ledger: JobLedger,
    private readonly outbox: ResultOutbox,
  ) {
    this.#log = deps.log.child({ module: 'worker:interrupted' });
  }

  /** `connect` makes one connection per queue (each QueueEvents blocks on its own). */
  async start(connect: () => Redis): Promise<void> {
    for (const queue of this.queues) {
      const connection = connect();
      this.#connections.push(connection);
      const events = openQueueEvents(queue.name, { connection, blockingTimeoutMs: EVENTS_BLOCK_MS, onError: logUnlessOutage(this.#log, 'queue events error') });
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
      // Ids and reasons read raw: one job whose stored data is not JSON must not stop the sweep.
      const ids = await queue.getRanges(['failed'], 0, 499);
      for (const id of ids) {
        const reason = await this.deps.redis.hget(queue.toKey(id), 'failedReason');
        if (reason === STALLED_REASON && (await this.#report(queue, id))) n += 1;
      }
    }
    return n;
  }

  /** Why a "stalled" job is not interrupted, or undefined when it is. */
  async #alreadySettled(queue: Queue, jobId: string): Promise<string | undefined> {
    const mine = this.ledger.state(queue.name, jobId);
    if (mine) return mine === 'running' ? 'this worker is still running it (its lock ran out while Redis was away)' : `this worker finished it (${mine})`;
    const recorded = await this.deps.redis.get(this.deps.keys.jobOutcome(queue.name, jobId));
    if (recorded) return `its worker recorded the outcome (${recorded})`;
    if (this.outbox.has(`res.${queue.name}.${jobId}`)) return 'its result waits on disk for Redis';
    return undefined;
  }

  async #report(queue: Queue, jobId: string): Promise<boolean> {
    const settled = await this.#alreadySettled(queue, jobId);
    if (settled) {
      this.#log.info({ jobId, queue: queue.name, why: settled }, 'BullMQ failed a job as stalled, but its worker lives and it has its outcome; not reporting it as interrupted');
      return false;
    }
    const first = await this.deps.redis.sadd(this.deps.keys.interruptedReported, this.deps.keys.interruptedMember(queue.name, jobId));
    if (first === 0) return false;
    const job = await queue.getJob(jobId).catch(() => undefined);
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
    const generic = () => texts.interrupted(def.audit, meta.requestId, handler?.howToCheck?.(payload as never) ?? html`lihat log di 📜 Logs atau jalankan ${code('npm run doctor')}`);
    let text: Text;
    try {
      text = handler?.interrupted ? await handler.interrupted(payload as never, { ...this.deps, meta, jobId }) : generic();
    } catch (err) {
      // The user still hears of it, in the generic words.
      this.#log.error({ err, jobId, job: name }, 'could not word the interrupted notice of this job');
      text = generic();
    }
    const out = chatOutboxJob({ meta, msg: { text, kind: 'result' }, jobId: `res.${queue.name}.${jobId}`, now: this.deps.now() });
    if (out) await this.outbox.send(out);
    return true;
  }

  async close(): Promise<void> {
    for (const events of this.#events) await events.close();
    // QueueEvents leaves a connection it was given open.
    for (const c of this.#connections) c.disconnect();
  }
}
