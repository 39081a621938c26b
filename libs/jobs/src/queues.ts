import type { JobsOptions } from 'bullmq';
import type { QueueKind } from './registry/define.js';
import { KEY_PREFIX } from './keys.js';

/**
 * Queue names. Host work is addressed to a host from the start (`read@home`), so a second
 * machine can run its own worker against the same Redis; the outbox is shared.
 * In redis-cli they show as `potion:read@home:wait`, `potion:notify:completed`, ...
 */
export function queueName(kind: QueueKind, hostId: string): string {
  return kind === 'notify' ? 'notify' : `${kind}@${hostId}`;
}

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
