import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { guardBoard, mutatingKinds, NoAddAdapter } from './board-guard.js';
import type { DashboardQueue } from './queues.js';

export const BULL_BOARD_PATH = '/queues';

export interface BullBoardOptions {
  queues: readonly DashboardQueue[];
  hostId: string;
  /** Retry/clean/promote buttons; false keeps every queue read-only. */
  allowActions: boolean;
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
