import type { AuditLog, QueueKind } from '@potion/jobs';
import { BULLMQ_PREFIX, createRedis, queueName, WORKER_SETTINGS } from '@potion/jobs';
import { Worker } from 'bullmq';
import type { Deps } from './context.js';
import type { Handlers } from './handlers/types.js';
import { createProcessor } from './run-job.js';

export interface WorkerSet {
  workers: Worker[];
  /** Waits for running jobs to finish, then disconnects. */
  close: () => Promise<void>;
}

/** How long an idle worker blocks on Redis before polling again (BullMQ's maximum). */
export const IDLE_BLOCK_SEC = 10;

/** The queues this process works on: everything but the outbox, which is the bot's. */
export const WORKER_KINDS: readonly QueueKind[] = ['read', 'once', 'backup'];

/** Starts one BullMQ worker per queue kind, each with the stall settings its promise needs. */
export function startWorkers(deps: Deps, handlers: Handlers, audit: AuditLog, redisUrl: string, kinds = WORKER_KINDS): WorkerSet {
  const processor = createProcessor(deps, handlers, audit);
  const log = deps.log.child({ module: 'worker:workers' });
  // BullMQ does not close a connection it was given, so they are closed here after the workers.
  const connections: ReturnType<typeof createRedis>[] = [];
  const workers = kinds.map((kind) => {
    const settings = WORKER_SETTINGS[kind];
    const connection = createRedis(redisUrl, { role: 'worker', name: `worker-${kind}` });
    connections.push(connection);
    const w = new Worker(queueName(kind, deps.config.hostId), processor, {
      connection,
      prefix: BULLMQ_PREFIX,
      concurrency: settings.concurrency,
      maxStalledCount: settings.maxStalledCount,
      lockDuration: deps.config.jobLockMs,
      stalledInterval: deps.config.jobLockMs,
      // An idle worker re-polls Redis every drainDelay s (BullMQ caps a block at 10 s); new
      // and due delayed jobs wake it at once through the marker, so a longer wait costs no
      // latency and halves the idle round trips (issue 6 idle budget).
      drainDelay: IDLE_BLOCK_SEC,
      autorun: true,
    });
    w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));
    w.on('stalled', (jobId) => log.warn({ jobId, queue: w.name }, 'job stalled (its worker died); BullMQ applies maxStalledCount'));
    return w;
  });
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      for (const c of connections) c.disconnect();
    },
  };
}
