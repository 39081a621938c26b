import { Socket } from 'node:net';
import type { NetCheck } from '@potion/jobs';

/**
 * The cheap internet check of every sample: one TCP connect to host:port (default the
 * DNS port of 1.1.1.1) with a short timeout. No subprocess, no ICMP privileges, no data
 * sent; the socket is closed as soon as it connects.
 */
export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<NetCheck> {
  const target = `${host}:${port}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let done = false;
    const finish = (reachable: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ target, reachable, latencyMs: reachable ? Math.round((performance.now() - started) * 10) / 10 : null });
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.connect({ host, port });
  });
}
