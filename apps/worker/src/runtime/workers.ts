import type { QueueKind } from '@potion/jobs';
import type { AuditLog } from '@potion/platform';
import { openWorker, queueName, WORKER_SETTINGS } from '@potion/jobs';
import { createRedis, logUnlessOutage } from '@potion/platform';
import type { Worker } from 'bullmq';
import type { Deps } from './context.js';
import type { Handlers } from '../jobs/types.js';
import { createProcessor, type ProcessorOptions } from './run-job.js';
import { JobLedger } from './job-ledger.js';
import { IDLE_BLOCK_SEC, QuietWorker } from './quiet-worker.js';

export interface WorkerSet {
  workers: Worker[];
  /** Waits for running jobs to finish, then disconnects. */
  close: () => Promise<void>;
}


/** How long a stop waits on a Redis that does not answer before it gives up on closing the queues. */
export const REDIS_GONE_STOP_MS = 10_000;

/** Resolves 'redis-gone' once none of the connections has been ready for `ms` in a row. */
function redisGoneFor(connections: ReadonlyArray<{ status: string }>, ms: number): { promise: Promise<'redis-gone'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'redis-gone'>((resolve) => {
    let downSince: number | undefined;
    timer = setInterval(() => {
      const up = connections.some((c) => c.status === 'ready');
      if (up) downSince = undefined;
      else if (downSince === undefined) downSince = Date.now();
      else if (Date.now() - downSince >= ms) resolve('redis-gone');
    }, 250);
  });
  return { promise, cancel: () => clearInterval(timer) };
}

/** The queues this process works on: everything but the outbox, which is the bot's. */
export const WORKER_KINDS: readonly QueueKind[] = ['read', 'once', 'backup'];

/** Starts one BullMQ worker per queue kind, each with the stall settings its promise needs. */
export function startWorkers(deps: Deps, handlers: Handlers, audit: AuditLog, redisUrl: string, kinds = WORKER_KINDS, opts: ProcessorOptions = {}): WorkerSet {
  const ledger = opts.ledger ?? new JobLedger();
  const processor = createProcessor(deps, handlers, audit, { ...opts, ledger });
  const log = deps.log.child({ module: 'worker:workers' });
  // One connection for the workers' own commands, shared (each Worker still opens its own
  // blocking duplicate for the wait): 2 fewer idle connections than one per queue kind.
  // BullMQ does not close a connection it was given, so it is closed here after the workers.
  const connection = createRedis(redisUrl, { role: 'worker', name: 'worker-queues' });
  const connections = [connection];
  const workers = kinds.map((kind) => {
    const name = queueName(kind, deps.config.hostId);
    const w = openWorker(name, processor, {
      connection,
      ...WORKER_SETTINGS[kind],
      lockMs: deps.config.jobLockMs,
      // An idle worker re-polls Redis every IDLE_BLOCK_SEC (QuietWorker lifts BullMQ's 10 s
      // cap); new and due delayed jobs wake it at once through the marker, so a longer wait
      // costs no latency (issue 6 and 18 idle budgets, docs/decisions/056).
      drainDelaySec: IDLE_BLOCK_SEC,
      autorun: true,
      workerClass: QuietWorker,
      onError: logUnlessOutage(log, 'worker error', { queue: name }),
    });
    w.on('stalled', (jobId) => {
      // Also said of a job this process still holds when Redis was away longer than the lock.
      const mine = ledger.state(w.name, jobId);
      if (mine) log.warn({ jobId, queue: w.name, state: mine }, 'job lost its lock while Redis was away; this worker still has it (not a dead worker)');
      else log.warn({ jobId, queue: w.name }, 'job stalled (its worker died or lost its lock); BullMQ applies maxStalledCount');
    });
    return w;
  });
  return {
    workers,
    close: async () => {
      // Running jobs are waited for (a command under sudo is not cut mid-way), but not a
      // Redis that is gone: BullMQ's close() then never returns and the stop would hang
      // until systemd's TimeoutStopSec (10 min).
      const closing = Promise.all(workers.map((w) => w.close()));
      const gone = redisGoneFor(connections, REDIS_GONE_STOP_MS);
      const outcome = await Promise.race([closing.then(() => 'closed' as const), gone.promise]);
      gone.cancel();
      if (outcome === 'redis-gone') log.warn({ waitedMs: REDIS_GONE_STOP_MS }, 'Redis is unreachable while stopping: not waiting for the queues to close');
      for (const c of connections) c.disconnect();
    },
  };
}
