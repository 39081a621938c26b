import { BULLMQ_PREFIX, createRedis, logUnlessOutage, parseEnvelope, queueName, WORKER_SETTINGS, type Logger, type OutboxMessage } from '@potion/jobs';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deliverer } from './deliver.js';

export interface OutboxConsumerOptions {
  redisUrl: string;
  deliverer: Deliverer;
  log: Logger;
  /** BullMQ lock duration, ms. */
  lockMs: number;
}

/**
 * The bot's side of the outbox: one BullMQ worker on the `notify` queue, concurrency 1 so
 * messages leave in the order they were queued. Telegram outages are waited out inside
 * the job (Deliverer), not by failing it, because a failed job would be overtaken.
 */
export class OutboxConsumer {
  #worker: Worker | undefined;
  #connection: Redis | undefined;
  readonly #stop = new AbortController();
  constructor(private readonly opts: OutboxConsumerOptions) {}

  start(): void {
    const log = this.opts.log.child({ module: 'bot:outbox' });
    const settings = WORKER_SETTINGS.notify;
    this.#connection = createRedis(this.opts.redisUrl, { role: 'worker', name: 'bot-outbox' });
    this.#worker = new Worker(queueName('notify', ''), (job: Job) => this.#process(job), {
      connection: this.#connection,
      prefix: BULLMQ_PREFIX,
      concurrency: settings.concurrency,
      maxStalledCount: settings.maxStalledCount,
      lockDuration: this.opts.lockMs,
      stalledInterval: this.opts.lockMs,
      autorun: false,
    });
    this.#worker.on('error', logUnlessOutage(log, 'outbox worker error'));
    this.#worker.on('failed', (job, err) => log.error({ jobId: job?.id, err: err.message }, 'outbox job failed'));
    const worker = this.#worker;
    const connection = this.#connection;
    void this.#takeOver(worker, connection, log)
      .catch((err: unknown) => log.error({ err }, 'could not take over the outbox of a previous bot; starting anyway'))
      .then(() => (this.#stop.signal.aborted ? undefined : worker.run()))
      .catch((err: unknown) => log.error({ err }, 'outbox worker stopped'));
  }

  /**
   * A bot killed mid-send leaves its message in the active list. BullMQ puts such a stalled
   * job back at the head of the queue only once its lock has expired, and a new worker would
   * meanwhile take the messages queued behind it: delivery out of order. So before taking
   * anything, wait until the stalled checker has put the dead bot's message back.
   */
  async #takeOver(worker: Worker, connection: Redis, log: Logger): Promise<void> {
    const queue = new Queue(queueName('notify', ''), { connection, prefix: BULLMQ_PREFIX });
    queue.on('error', logUnlessOutage(log, 'outbox queue error'));
    try {
      const left = (await queue.getActive()).map((j) => j.id).filter((id): id is string => id !== undefined);
      if (left.length === 0) return;
      log.warn({ jobIds: left }, 'messages were being sent by a previous bot that stopped abruptly: putting them back first');
      await worker.startStalledCheckTimer();
      const deadline = Date.now() + 4 * this.opts.lockMs + 5000;
      while (!this.#stop.signal.aborted && Date.now() < deadline) {
        const states = await Promise.all(left.map((id) => queue.getJobState(id)));
        if (states.every((st) => st !== 'active')) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await queue.close();
    }
  }

  async #process(job: Job): Promise<unknown> {
    let payload: OutboxMessage;
    let requestId: string;
    try {
      const { name, envelope } = parseEnvelope(job.name, job.data);
      if (name !== 'notify.send') throw new Error(`job ${name} does not belong to the outbox`);
      payload = envelope.payload as OutboxMessage;
      requestId = envelope.meta.requestId;
    } catch (err) {
      throw new UnrecoverableError((err as Error).message);
    }
    return this.opts.deliverer.deliver(payload, job.id ?? `x${Date.now()}`, requestId, this.#stop.signal);
  }

  /** Stops waiting for Telegram and lets the current job finish or fail (it is retried later). */
  async close(): Promise<void> {
    this.#stop.abort(new Error('the bot is stopping'));
    await this.#worker?.close();
    // BullMQ does not close a connection it was given.
    this.#connection?.disconnect();
  }
}
