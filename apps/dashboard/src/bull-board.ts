import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { guardBoard, mutatingKinds, NoAddAdapter } from './board-guard.js';
import type { DashboardQueue, HostQueues } from './queues.js';

export const BULL_BOARD_PATH = '/queues';

export interface BullBoardOptions {
  queues: HostQueues;
  /** Every known host, its own first (knownHosts): re-read on each request to the board. */
  hosts: () => Promise<string[]>;
  hostId: string;
  /** Retry/clean/promote buttons; false keeps every queue read-only. */
  allowActions: boolean;
}

/**
 * Bull Board under /queues, every queue of the registry for every known host (the registry of
 * hosts is re-read on each request to the board, so a host that joins shows without a restart). Read-only unless allowed; even then
 * only retry, clean and promote pass (guardBoard, matched on route patterns), and never a
 * retry on a queue that holds host-changing jobs (their buttons are hidden too).
 */
export async function bullBoardPlugin(app: FastifyInstance, opts: BullBoardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const mutating = mutatingKinds();
  const adapters = (queues: readonly DashboardQueue[]) =>
    queues.map(
      (q) =>
        new NoAddAdapter(q.queue, {
          readOnlyMode: !opts.allowActions,
          allowRetries: opts.allowActions && !mutating.has(q.kind),
          description: q.kind,
        }),
    );
  let shown = [opts.hostId];
  const board = createBullBoard({
    queues: adapters(opts.queues.all(shown)),
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
  // Reads only (the page and its API calls): a write names a queue a read has already listed.
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'GET') return;
    if (req.url !== BULL_BOARD_PATH && !req.url.startsWith(`${BULL_BOARD_PATH}/`) && !req.url.startsWith(`${BULL_BOARD_PATH}?`)) return;
    const hosts = await opts.hosts();
    if (hosts.join(',') === shown.join(',')) return;
    shown = hosts;
    board.replaceQueues(adapters(opts.queues.all(hosts)));
  });
  guardBoard(app, { basePath: BULL_BOARD_PATH, allowActions: opts.allowActions, hostId: opts.hostId });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
