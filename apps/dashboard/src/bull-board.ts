import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { DashboardQueue } from './queues.js';

export const BULL_BOARD_PATH = '/queues';

export interface BullBoardOptions {
  queues: readonly DashboardQueue[];
  hostId: string;
  /** Retry/clean/promote buttons; false keeps every queue read-only. */
  allowActions: boolean;
}

/**
 * Bull Board under /queues, every queue of the registry. Read-only unless allowed: Bull
 * Board enforces `readOnlyMode` in its API, and a hook here refuses every non-GET call to
 * its API as well, so a UI bug cannot turn into an action.
 */
export async function bullBoardPlugin(app: FastifyInstance, opts: BullBoardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: opts.queues.map(
      (q) =>
        new BullMQAdapter(q.queue, {
          readOnlyMode: !opts.allowActions,
          allowRetries: opts.allowActions,
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
  if (!opts.allowActions) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.url.startsWith(`${BULL_BOARD_PATH}/api/`)) {
        return reply.code(403).send({ error: 'the dashboard is read-only; set DASHBOARD_ALLOW_ACTIONS=true in .env to allow actions' });
      }
    });
  }
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
