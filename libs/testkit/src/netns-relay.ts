/**
 * A port of the test process, reachable from inside a test host (netns.ts). The namespaces share
 * the file system, not the network: a small relay inside the host listens on the host's own
 * 127.0.0.1 and passes each connection through a unix socket to the test process, which
 * connects it to its 127.0.0.1:<port>. For servers that run in the test process, e.g. the fake
 * Bot API that a real bot inside a test host talks to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetHosts } from './netns.js';
import { waitFor } from './wait.js';

const CHILD = fileURLToPath(new URL('./netns-relay-child.js', import.meta.url));

export interface NetRelay {
  /** The port on the host's 127.0.0.1 that leads to the test process's port. */
  port: number;
  /** Stops the relay in the host and the socket in the test process. Safe to call twice. */
  close: () => Promise<void>;
}

export interface NetRelayOptions {
  net: NetHosts;
  /** The test host (createNetHosts name) where the port appears. */
  host: string;
  /** The port on the test process's 127.0.0.1. */
  targetPort: number;
}

export async function relayIntoHost(opts: NetRelayOptions): Promise<NetRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'potion-relay-'));
  const sock = join(dir, 'relay.sock');
  const open = new Set<Socket>();
  const server = createServer((inner) => {
    const outer = connect(opts.targetPort, '127.0.0.1');
    for (const s of [inner, outer]) {
      open.add(s);
      s.once('close', () => open.delete(s));
    }
    inner.on('error', () => outer.destroy());
    outer.on('error', () => inner.destroy());
    inner.pipe(outer).pipe(inner);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, () => resolve());
  });
  const child = opts.net.spawn(opts.host, process.execPath, [CHILD, sock], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    for (const s of open) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const line = await waitFor(`the relay in host ${opts.host} to listen`, () => {
      if (child.exitCode !== null) throw new Error(`the relay in host ${opts.host} exited ${child.exitCode}`);
      return out.split('\n').find((l) => /^\d+$/.test(l));
    }, 10_000);
    return { port: Number(line), close };
  } catch (err) {
    await close();
    throw err;
  }
}
