import { FlowProducer, Queue, QueueEvents, Worker, type ConnectionOptions, type JobsOptions, type Processor } from 'bullmq';
import type { QueueKind } from './registry/define.js';
import { KEY_PREFIX } from './keys.js';
import { localRepeatStrategy } from './repeat-strategy.js';

/**
 * Queue names. Every queue belongs to a host (`read@home`), the outbox too (`notify@home`):
 * a second machine runs its own worker against the same Redis, and one ACL pattern
 * `~potion:*@<host>:*` covers its queues and keys (docs/decisions/042-keys-per-host.md).
 * In redis-cli they show as `potion:read@home:wait`, `potion:notify@home:completed`, ...
 */
export function queueName(kind: QueueKind, hostId: string): string {
  return `${kind}@${hostId}`;
}

/**
 * The outbox queue of installs from before per-host outboxes: the bot drains what is left in
 * it at start, so an upgrade loses no message.
 */
export const LEGACY_NOTIFY_QUEUE = 'notify';

export const BULLMQ_PREFIX = KEY_PREFIX;

const HOUR_S = 3600;

/**
 * Completed jobs are kept for 48 h: a custom job id (derived from a Telegram update id)
 * dedupes only while the job exists, and Telegram may redeliver an update for 24 h.
 */
export const KEEP_COMPLETED = { age: 48 * HOUR_S, count: 5000 } as const;
export const KEEP_FAILED = { age: 14 * 24 * HOUR_S, count: 5000 } as const;

export function defaultJobOptions(kind: QueueKind, attempts: number, backoffMs?: number): JobsOptions {
  const base: JobsOptions = {
    attempts,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
  if (kind === 'notify') {
    // Telegram outages are waited out inside the outbox handler (order is kept);
    // these retries only cover crashes and unexpected errors.
    return { ...base, backoff: { type: 'exponential', delay: 1000 } };
  }
  if (attempts > 1) return { ...base, backoff: { type: 'exponential', delay: backoffMs ?? 2000 } };
  return base;
}

/** Per-kind worker settings, chosen on purpose (see docs/decisions/002-queues-and-stalls.md). */
export interface WorkerSettings {
  concurrency: number;
  /** How many times a job whose worker died is put back to run again. */
  maxStalledCount: number;
}

export const WORKER_SETTINGS: Record<QueueKind, WorkerSettings> = {
  read: { concurrency: 4, maxStalledCount: 2 },
  once: { concurrency: 1, maxStalledCount: 0 },
  backup: { concurrency: 1, maxStalledCount: 1 },
  // Many messages at once, one at a time per chat (the bot's outbox lanes): see docs/decisions/018.
  notify: { concurrency: 64, maxStalledCount: 1000 },
};

/** Options every opened queue, worker and queue-events listener shares. */
interface OpenBase {
  /**
   * A connection made by createRedis (or BullMQ's connection options). The role is the
   * caller's choice on purpose: 'producer' fails fast for what a user waits on (bot, dashboard),
   * 'worker' waits out a Redis restart (maxRetriesPerRequest: null, needed for blocking
   * commands). BullMQ does not close a connection it was given.
   */
  connection: ConnectionOptions;
  /** The `error` listener (without one BullMQ prints every connection error of an outage). */
  onError?: (err: Error) => void;
}

export type OpenQueueOptions = OpenBase;

/**
 * A BullMQ Queue under BULLMQ_PREFIX (`potion:<name>:...`). Name it with `queueName`. Job
 * options come with each add (defaultJobOptions(kind, attempts)), not from the queue.
 */
export function openQueue(name: string, opts: OpenQueueOptions): Queue {
  // Our schedules' next runs without luxon/Intl (decision 052): upsertJobScheduler computes one here.
  const queue = new Queue(name, { connection: opts.connection, prefix: BULLMQ_PREFIX, settings: { repeatStrategy: localRepeatStrategy } });
  if (opts.onError) queue.on('error', opts.onError);
  return queue;
}

/**
 * A BullMQ FlowProducer under BULLMQ_PREFIX: adds jobs to several queues in one Redis
 * transaction (the Producer's enqueueTogether).
 */
export function openFlowProducer(opts: OpenBase): FlowProducer {
  const flows = new FlowProducer({ connection: opts.connection, prefix: BULLMQ_PREFIX });
  if (opts.onError) flows.on('error', opts.onError);
  return flows;
}

export interface OpenQueueEventsOptions extends OpenBase {
  /**
   * How long one read of the events stream blocks (ms); BullMQ's 10 s when not given. New
   * events end a read at once, so a longer one only wakes a quiet listener less often (and a
   * connection stuck after a reconnect is dropped that much later).
   */
  blockingTimeoutMs?: number;
}

/** BullMQ QueueEvents of one queue under BULLMQ_PREFIX; give it its own connection (it blocks). */
export function openQueueEvents(name: string, opts: OpenQueueEventsOptions): QueueEvents {
  const events = new QueueEvents(name, { connection: opts.connection, prefix: BULLMQ_PREFIX, ...(opts.blockingTimeoutMs !== undefined ? { blockingTimeout: opts.blockingTimeoutMs } : {}) });
  if (opts.onError) events.on('error', opts.onError);
  return events;
}

export interface OpenWorkerOptions extends OpenBase {
  /** Jobs at once (WORKER_SETTINGS[kind].concurrency); BullMQ's 1 when not given. */
  concurrency?: number;
  /** How often a stalled job is put back (WORKER_SETTINGS[kind].maxStalledCount); BullMQ's 1 when not given. */
  maxStalledCount?: number;
  /**
   * The job lock, and the interval of the stalled check, which is kept equal to it on purpose
   * (docs/decisions/002); BullMQ's 30 s for both when not given.
   */
  lockMs?: number;
  /** Seconds an idle worker blocks on Redis before polling again; BullMQ's 5 when not given. */
  drainDelaySec?: number;
  /** false: start with `worker.run()` later (after a take-over, in a test). Default true. */
  autorun?: boolean;
  /** A subclass of BullMQ's Worker to build instead (the worker's TolerantWorker). */
  workerClass?: typeof Worker;
}

/**
 * A BullMQ Worker under BULLMQ_PREFIX with the settings its queue kind needs (pass
 * `...WORKER_SETTINGS[kind]`). Options left out keep BullMQ's defaults.
 */
export function openWorker(name: string, processor: Processor, opts: OpenWorkerOptions): Worker {
  const WorkerClass = opts.workerClass ?? Worker;
  const worker = new WorkerClass(name, processor, {
    connection: opts.connection,
    prefix: BULLMQ_PREFIX,
    // The next run of a scheduler is computed here too, when its job is taken (decision 052).
    settings: { repeatStrategy: localRepeatStrategy },
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    ...(opts.maxStalledCount !== undefined ? { maxStalledCount: opts.maxStalledCount } : {}),
    ...(opts.lockMs !== undefined ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
    ...(opts.drainDelaySec !== undefined ? { drainDelay: opts.drainDelaySec } : {}),
    autorun: opts.autorun ?? true,
  });
  if (opts.onError) worker.on('error', opts.onError);
  return worker;
}
