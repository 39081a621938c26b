import { openQueue, openWorker, parseEnvelope, WORKER_SETTINGS, type OutboxMessage } from '@potion/jobs';
import { createRedis, logUnlessOutage, type Logger } from '@potion/platform';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deliverer } from './deliver.js';
import type { Lanes } from './lanes.js';
import { LeftoverOrder, type Leftover } from './leftovers.js';

export interface OutboxConsumerOptions {
  redisUrl: string;
  deliverer: Deliverer;
  log: Logger;
  /** BullMQ lock duration, ms. */
  lockMs: number;
  /** The outbox queue this consumer takes from (`notify@<host>`, or the legacy `notify`). */
  queue: string;
  /** One chat's messages one at a time: shared by the consumers of every host's outbox. */
  lanes: Lanes<number>;
  /**
   * The id a delivery is recorded under (keys.sent), from the job id. Default: the job id;
   * another host's outbox prefixes its host, as job ids are only unique within one queue.
   */
  sentId?: (jobId: string) => string;
  /** The host whose outbox this is: the messages it delivers are recorded as that host's. */
  host?: string;
}

/**
 * The bot's side of one outbox: one BullMQ worker on one host's `notify@<host>` queue that takes several
 * messages at once and delivers them one at a time per chat (Lanes), in the order they
 * were queued: a chat that Telegram rate-limits waits alone (issue 21, item 16). Outages
 * and 429s are waited out inside the job (Deliverer), not by failing it, because a failed
 * job would be overtaken. See docs/decisions/012 and 018.
 */
export class OutboxConsumer {
  #worker: Worker | undefined;
  #connection: Redis | undefined;
  readonly #stop = new AbortController();
  readonly #leftovers = new LeftoverOrder();
  readonly #lanes: Lanes<number>;
  #takingOver = false;
  constructor(private readonly opts: OutboxConsumerOptions) {
    this.#lanes = opts.lanes;
  }

  start(): void {
    const log = this.opts.log.child({ module: 'bot:outbox', queue: this.opts.queue });
    this.#connection = createRedis(this.opts.redisUrl, { role: 'worker', name: 'bot-outbox' });
    this.#worker = openWorker(this.opts.queue, (job: Job) => this.#process(job), {
      connection: this.#connection,
      ...WORKER_SETTINGS.notify,
      lockMs: this.opts.lockMs,
      autorun: false,
      onError: logUnlessOutage(log, 'outbox worker error'),
    });
    this.#worker.on('failed', (job, err) => log.error({ jobId: job?.id, err: err.message }, 'outbox job failed'));
    const worker = this.#worker;
    const connection = this.#connection;
    this.#takingOver = true;
    void this.#takeOver(worker, connection, log)
      .finally(() => (this.#takingOver = false))
      .catch((err: unknown) => log.error({ err }, 'could not take over the outbox of a previous bot; starting anyway'))
      .then(() => (this.#stop.signal.aborted ? undefined : worker.run()))
      .catch((err: unknown) => log.error({ err }, 'outbox worker stopped'));
  }

  /**
   * A bot killed mid-send leaves its messages in the active list. BullMQ puts such stalled
   * jobs back at the head of the queue only once their lock has expired (in no particular
   * order), and a new worker would meanwhile take the messages queued behind them: delivery
   * out of order. So before taking anything, wait until the stalled checker has put the dead
   * bot's messages back, and deliver them in the order they were queued (LeftoverOrder).
   */
  async #takeOver(worker: Worker, connection: Redis, log: Logger): Promise<void> {
    const queue = openQueue(this.opts.queue, { connection, onError: logUnlessOutage(log, 'outbox queue error') });
    try {
      // The active list is newest first; a job's timestamp orders them, the list breaks ties.
      const active = (await queue.getActive()).reverse();
      const leftovers = active
        .map((j, i) => ({ id: j.id, chatId: (j.data as { payload?: { chatId?: unknown } } | undefined)?.payload?.chatId, at: j.timestamp, i }))
        .filter((l): l is Leftover & { at: number; i: number } => l.id !== undefined && typeof l.chatId === 'number')
        .sort((a, b) => a.at - b.at || a.i - b.i);
      const left = active.map((j) => j.id).filter((id): id is string => id !== undefined);
      if (left.length === 0) return;
      log.warn({ jobIds: left }, 'messages were being sent by a previous bot that stopped abruptly: putting them back first');
      this.#leftovers.plan(leftovers, this.#lanes);
      await worker.startStalledCheckTimer();
      const deadline = Date.now() + 4 * this.opts.lockMs + 5000;
      while (!this.#stop.signal.aborted && Date.now() < deadline) {
        const states = await Promise.all(left.map((id) => queue.getJobState(id)));
        if (states.every((st) => st !== 'active')) {
          // Finished or failed meanwhile: it will not come back, the next may go.
          left.forEach((id, i) => states[i] !== 'waiting' && states[i] !== 'delayed' && states[i] !== 'prioritized' && this.#leftovers.release(id));
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      this.#leftovers.releaseAll();
    } catch (err) {
      this.#leftovers.releaseAll();
      throw err;
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
    // Synchronous up to here: BullMQ hands jobs over in queue order, and the lane is joined in that order.
    const sentId = this.#sentId(job.id ?? `x${Date.now()}`);
    const record = this.opts.deliverer.earlyRecord(payload, sentId);
    const opts = { ...(this.opts.host !== undefined ? { host: this.opts.host } : {}), ...(record ? { record } : {}) };
    const deliver = () => this.opts.deliverer.deliver(payload, sentId, requestId, this.#stop.signal, opts);
    return (job.id !== undefined && this.#leftovers.run(job.id, deliver)) || this.#lanes.run(payload.chatId, deliver);
  }

  /** True while the messages of a bot that died are being put back first (see #takeOver). */
  get takingOver(): boolean {
    return this.#takingOver;
  }

  #sentId(jobId: string): string {
    return this.opts.sentId ? this.opts.sentId(jobId) : jobId;
  }

  /** Stops waiting for Telegram and lets the current job finish or fail (it is retried later). */
  async close(): Promise<void> {
    this.#stop.abort(new Error('the bot is stopping'));
    await this.#worker?.close();
    // BullMQ does not close a connection it was given.
    this.#connection?.disconnect();
  }
}
