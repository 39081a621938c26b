import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '@potion/platform';

/** IPC messages (not Redis keys) between `npm start`'s listener (apps/cli/src/on-demand.ts) and the dashboard. */
export const HANDOFF = {
  /** Env var set by the listener: take the listening socket over IPC instead of binding. */
  env: 'POTION_DASHBOARD_HANDOFF',
  /** dashboard -> listener: built and ready, send the socket. */
  ready: 'potion:dashboard:ready',
  /** listener -> dashboard, with the listening server as the handle. */
  listener: 'potion:dashboard:listener',
  /** listener -> dashboard, with one accepted connection (the ones that woke it up). */
  connection: 'potion:dashboard:connection',
} as const;

/** Where a dashboard started on demand got its socket: from systemd (LISTEN_FDS) or from `npm start`. */
export type ListenMode = 'systemd' | 'handoff';

/** The first fd systemd passes (SD_LISTEN_FDS_START). */
const SD_LISTEN_FDS_START = 3;

/**
 * Listens on the socket systemd passed (socket activation: LISTEN_PID is us and LISTEN_FDS
 * >= 1), or on the one `npm start`'s listener hands over; undefined when neither (the
 * dashboard then binds host:port itself).
 */
export async function listenOnDemand(server: Server, env: NodeJS.ProcessEnv): Promise<ListenMode | undefined> {
  if (env.LISTEN_PID === String(process.pid) && Number(env.LISTEN_FDS) >= 1) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ fd: SD_LISTEN_FDS_START }, () => resolve());
    });
    return 'systemd';
  }
  if (env[HANDOFF.env] === '1' && process.send) {
    const send = process.send.bind(process);
    await new Promise<void>((resolve, reject) => {
      process.on('message', (msg: unknown, handle: unknown) => {
        if (msg === HANDOFF.listener && handle) {
          server.once('error', reject);
          server.listen(handle as Server, () => resolve());
        } else if (msg === HANDOFF.connection && handle) {
          const socket = handle as Socket;
          server.emit('connection', socket);
          socket.resume();
        }
      });
      send(HANDOFF.ready);
    });
    return 'handoff';
  }
  return undefined;
}

/**
 * Calls `onIdle` once no request has come for `idleMs` and no connection is open (a browser's
 * keep-alive connection counts as use until it closes). For a dashboard started on demand.
 */
export function stopWhenIdle(server: Server, opts: { idleMs: number; log: Logger; onIdle: () => void }): void {
  let open = 0;
  let last = Date.now();
  server.on('connection', (socket: Socket) => {
    open += 1;
    last = Date.now();
    socket.once('close', () => {
      open -= 1;
      last = Date.now();
    });
  });
  server.on('request', () => {
    last = Date.now();
  });
  const check = () => {
    const quietMs = Date.now() - last;
    if (open === 0 && quietMs >= opts.idleMs) {
      opts.log.info({ module: 'dashboard:on-demand', idleMs: opts.idleMs }, 'no request for a while: stopping until the next connection');
      opts.onIdle();
      return;
    }
    setTimeout(check, Math.max(1000, opts.idleMs - quietMs)).unref();
  };
  setTimeout(check, opts.idleMs).unref();
}
