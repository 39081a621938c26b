import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { guardBoard, mutatingKinds } from './board-guard.js';
import type { DashboardQueue } from './queues.js';

export const BULL_BOARD_PATH = '/queues';

export interface BullBoardOptions {
  queues: readonly DashboardQueue[];
  hostId: string;
  /** Retry/clean/promote buttons; false keeps every queue read-only. */
  allowActions: boolean;
}

const NO_ADD = 'the dashboard cannot add or reschedule jobs';

/**
 * The second lock behind the route guard: an adapter that cannot add a job, run a job
 * scheduler now or change its schedule, whatever route a future Bull Board adds.
 */
class NoAddAdapter extends BullMQAdapter {
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

/**
 * Bull Board under /queues, every queue of the registry. Read-only unless allowed; even then
 * only retry, clean and promote pass (guardBoard, matched on route patterns), and never a
 * retry on a queue that holds host-changing jobs (their buttons are hidden too).
 */
export async function bullBoardPlugin(app: FastifyInstance, opts: BullBoardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const mutating = mutatingKinds();
  createBullBoard({
    queues: opts.queues.map(
      (q) =>
        new NoAddAdapter(q.queue, {
          readOnlyMode: !opts.allowActions,
          allowRetries: opts.allowActions && !mutating.has(q.kind),
          description: q.kind,
        }),
    ),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: `potion ${opts.hostId}`,
        hideDocsLink: true,
        miscLinks: [
          { text: 'Beranda', url: '/' },
          { text: 'Keluar', url: '/logout' },
        ],
      },
    },
  });
  guardBoard(app, { basePath: BULL_BOARD_PATH, allowActions: opts.allowActions, hostId: opts.hostId });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
