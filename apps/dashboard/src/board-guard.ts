import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { jobs, QUEUE_KINDS, queueName, type QueueKind } from '@potion/jobs';
import type { FastifyInstance } from 'fastify';

/**
 * The only writes Bull Board may do, as fastify route patterns relative to its base path.
 * Everything else it offers (add, update-data, empty, obliterate, pause/resume, concurrency,
 * rate limits, delay/priority edits, job-scheduler edits and runs) is refused, so nothing
 * started from the dashboard can add a job or change what a job will do.
 */
export const BOARD_ACTIONS: ReadonlyArray<{ method: string; route: string; retry: boolean }> = [
  { method: 'PUT', route: '/api/queues/:queueName/retry/:queueStatus', retry: true },
  { method: 'PUT', route: '/api/queues/:queueName/:jobId/retry', retry: true },
  { method: 'PUT', route: '/api/queues/:queueName/clean/:queueStatus', retry: false },
  { method: 'PUT', route: '/api/queues/:queueName/:jobId/clean', retry: false },
  { method: 'PUT', route: '/api/queues/:queueName/promote', retry: false },
  { method: 'PUT', route: '/api/queues/:queueName/:jobId/promote', retry: false },
];

/** Queue kinds holding a job that changes the host (registry `mutates`): their jobs are never retried from here. */
export function mutatingKinds(): ReadonlySet<QueueKind> {
  return new Set(Object.values(jobs).filter((j) => j.mutates).map((j) => j.queue));
}

export interface BoardGuardOptions {
  /** Bull Board's base path, e.g. /queues. */
  basePath: string;
  allowActions: boolean;
  hostId: string;
}

const READ_ONLY = 'the dashboard is read-only; set DASHBOARD_ALLOW_ACTIONS=true in .env to allow retry, clean and promote';
const NOT_ALLOWED = 'the dashboard allows only retry, clean and promote; jobs are added and changed from Telegram';
const NO_RETRY = 'the dashboard allows only retry, clean and promote, and no retry here: a job on this queue changes the host and runs only after a confirmation in Telegram';

/**
 * One onRequest hook in Bull Board's plugin scope: every request that is not GET/HEAD must
 * match an allowed action by fastify's route pattern (`request.routeOptions.url`), never by
 * the raw URL, so `%61pi` or `%71ueues` spellings that the router decodes meet the same rule.
 */
export function guardBoard(app: FastifyInstance, opts: BoardGuardOptions): void {
  const allowed = new Map(BOARD_ACTIONS.map((a) => [`${a.method} ${opts.basePath}${a.route}`, a]));
  // Every host's queues are on the board: the kind before `@` decides, whichever host it is.
  const mutating = mutatingKinds();
  const noRetry = (queue: string) => {
    const kind = QUEUE_KINDS.find((k) => queue.startsWith(`${queueName(k, '')}`));
    return kind === undefined || mutating.has(kind);
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    if (!opts.allowActions) return reply.code(403).send({ error: READ_ONLY });
    const action = allowed.get(`${req.method} ${req.routeOptions.url ?? ''}`);
    if (!action) return reply.code(403).send({ error: NOT_ALLOWED });
    const queue = (req.params as Record<string, unknown> | undefined)?.queueName;
    if (action.retry && (typeof queue !== 'string' || noRetry(queue))) return reply.code(403).send({ error: NO_RETRY });
  });
}

const NO_ADD = 'the dashboard cannot add or reschedule jobs';

/**
 * The second lock behind the route guard: an adapter that cannot add a job, run a job
 * scheduler now or change its schedule, whatever route a future Bull Board adds.
 */
export class NoAddAdapter extends BullMQAdapter {
  override addJob(): never {
    throw new Error(NO_ADD);
  }
  override runJobSchedulerNow(): never {
    throw new Error(NO_ADD);
  }
  override updateJobScheduler(): never {
    throw new Error(NO_ADD);
  }
}
