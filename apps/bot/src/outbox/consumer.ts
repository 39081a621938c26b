import { BULLMQ_PREFIX, createRedis, parseEnvelope, queueName, WORKER_SETTINGS, type Logger, type OutboxMessage } from '@potion/jobs';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
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
    });
    this.#worker.on('error', (err) => log.error({ err }, 'outbox worker error'));
    this.#worker.on('failed', (job, err) => log.error({ jobId: job?.id, err: err.message }, 'outbox job failed'));
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
