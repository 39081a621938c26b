import { keys, LEGACY_NOTIFY_QUEUE, openQueue, queueName, type OutboxMessage } from '@potion/jobs';
import { HOST_ID_PATTERN, logUnlessOutage, type Logger } from '@potion/platform';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { OutboxConsumer } from './consumer.js';
import type { Deliverer } from './deliver.js';
import { Lanes } from './lanes.js';

/** How often the registry of hosts (keys.hosts) is read again: a host added later is picked up. */
export const HOSTS_REFRESH_MS = 60_000;
/** How often the legacy `notify` queue is checked for being empty while it is drained. */
export const LEGACY_CHECK_MS = 5_000;

const hostIdSchema = z.string().regex(HOST_ID_PATTERN);

/** Waits without holding the process open (the drain loop checks `closed` after it). */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export interface HostOutboxesOptions {
  redisUrl: string;
  /** Reads the registry of hosts and the legacy queue's counts. */
  redis: Redis;
  deliverer: Deliverer;
  log: Logger;
  lockMs: number;
  /** This bot's own host (HOST_ID): its outbox is consumed even before it is registered. */
  hostId: string;
  /** Default HOSTS_REFRESH_MS; tests pass less. */
  hostsRefreshMs?: number;
  /** Default LEGACY_CHECK_MS; tests pass less. */
  legacyCheckMs?: number;
}

/**
 * The outbox of every known host: one OutboxConsumer per `notify@<host>` queue (the bot's own
 * HOST_ID and every id in keys.hosts, read again every minute), all sharing one set of chat
 * lanes so a chat still gets one message at a time. At start, the legacy shared `notify`
 * queue of an install from before per-host outboxes is consumed until it is empty, so an
 * upgrade loses no message (docs/decisions/042-keys-per-host.md).
 */
export class HostOutboxes {
  readonly #lanes = new Lanes<number>();
  readonly #consumers = new Map<string, OutboxConsumer>();
  #legacy: OutboxConsumer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #stop = new AbortController();
  readonly #log: Logger;

  constructor(private readonly opts: HostOutboxesOptions) {
    this.#log = opts.log.child({ module: 'bot:outboxes' });
  }

  /** The queues consumed now (for tests and the log). */
  queues(): string[] {
    return [...this.#consumers.keys(), ...(this.#legacy ? [LEGACY_NOTIFY_QUEUE] : [])];
  }

  start(): void {
    this.#add(this.opts.hostId);
    void this.#refreshHosts();
    this.#timer = setInterval(() => void this.#refreshHosts(), this.opts.hostsRefreshMs ?? HOSTS_REFRESH_MS);
    this.#timer.unref();
    void this.#drainLegacy().catch((err: unknown) => this.#log.error({ err }, 'could not check the legacy outbox queue'));
  }

  #consumer(queue: string, host: string, sentId?: (jobId: string) => string): OutboxConsumer {
    const c = new OutboxConsumer({ redisUrl: this.opts.redisUrl, deliverer: this.opts.deliverer, log: this.opts.log, lockMs: this.opts.lockMs, queue, host, lanes: this.#lanes, ...(sentId ? { sentId } : {}) });
    c.start();
    return c;
  }

  #add(hostId: string): void {
    if (this.#closed || this.#consumers.has(queueName('notify', hostId))) return;
    const queue = queueName('notify', hostId);
    // The own host's job ids stay as they were (the legacy queue's deliveries dedupe against them).
    const sentId = hostId === this.opts.hostId ? undefined : (jobId: string) => `${hostId}:${jobId}`;
    this.#consumers.set(queue, this.#consumer(queue, hostId, sentId));
    this.#log.info({ queue }, 'consuming the outbox of a host');
  }

  async #refreshHosts(): Promise<void> {
    try {
      const ids = await this.opts.redis.hkeys(keys.hosts);
      for (const id of ids) {
        if (hostIdSchema.safeParse(id).success) this.#add(id);
        else this.#log.warn({ hostId: id }, 'ignored a host with an invalid id in the registry of hosts');
      }
    } catch (err) {
      logUnlessOutage(this.#log, 'could not read the registry of hosts')(err as Error);
    }
  }

  /** Consumes the legacy `notify` queue while it has messages left, then stops consuming it. */
  async #drainLegacy(): Promise<void> {
    const queue = openQueue(LEGACY_NOTIFY_QUEUE, { connection: this.opts.redis, onError: logUnlessOutage(this.#log, 'legacy outbox queue error') });
    try {
      const left = async () => {
        const c = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
        return Object.values(c).reduce((a, b) => a + b, 0);
      };
      const n = await left();
      if (n === 0 || this.#closed) return;
      this.#log.warn({ left: n }, 'the legacy shared outbox still has messages: delivering them first');
      this.#legacy = this.#consumer(LEGACY_NOTIFY_QUEUE, this.opts.hostId);
      while (!this.#closed && (await left()) > 0) await sleep(this.opts.legacyCheckMs ?? LEGACY_CHECK_MS);
      if (this.#closed) return;
      const legacy = this.#legacy;
      this.#legacy = undefined;
      await legacy.close();
      this.#log.info('the legacy shared outbox is empty: no longer consumed');
    } finally {
      await queue.close();
    }
  }

  /**
   * Delivers a message of this host's outbox now, in its chat's lane, without waiting for the
   * outbox worker to take its job (the pending message of a press: docs/decisions/054). The job
   * must already be queued: whichever of this call and the outbox worker comes second finds the
   * message recorded as sent (keys.sent) and sends nothing; a failure here is logged and left to
   * the outbox. Returns false, doing nothing, while a dead bot's messages are put back first
   * (they go before it) or after close. `unsent`: the caller knows the job was never delivered
   * (queued for an update claimed for the first time), so its record need not be read.
   */
  deliverNow(m: OutboxMessage, jobId: string, requestId: string, opts: { unsent?: boolean } = {}): boolean {
    const own = this.#consumers.get(queueName('notify', this.opts.hostId));
    if (this.#closed || own?.takingOver || this.#legacy) return false;
    const failed = logUnlessOutage(this.#log, 'could not deliver a message at once; the outbox will');
    // The lane moves on once the message is sent; its record is written meanwhile.
    void this.#lanes.run(
      m.chatId,
      () =>
        new Promise<void>((sent) => {
          const record = opts.unsent ? { record: Promise.resolve({}) } : {};
          this.opts.deliverer
            .deliver(m, jobId, requestId, this.#stop.signal, { host: this.opts.hostId, ...record, onSent: sent })
            .catch((err: unknown) => failed(err as Error))
            .finally(sent);
        }),
    );
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort(new Error('the bot is stopping'));
    clearInterval(this.#timer);
    await Promise.all([...this.#consumers.values(), ...(this.#legacy ? [this.#legacy] : [])].map((c) => c.close()));
  }
}
