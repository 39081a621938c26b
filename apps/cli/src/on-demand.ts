import type { ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { HANDOFF } from '@potion/platform';

export interface OnDemandOptions {
  host: string;
  port: number;
  /** Starts the dashboard process with an IPC channel and HANDOFF.env=1 in its environment. */
  spawn: () => ChildProcess;
  say: (line: string) => void;
}

/**
 * `npm start`'s stand-in for systemd socket activation: holds the dashboard's address while
 * the dashboard is not running, starts it on the first connection and hands it the listening
 * socket and the waiting connections over IPC (so it sees each client's real address). When
 * the dashboard exits (it stops itself after DASHBOARD_IDLE_STOP_MIN quiet minutes), the
 * listener takes the address back. Costs nothing but an open socket while nobody looks.
 */
export class OnDemandDashboard {
  #server: Server | undefined;
  #child: ChildProcess | undefined;
  #waiting: Socket[] = [];
  #stopping = false;
  constructor(private readonly opts: OnDemandOptions) {}

  /** The running dashboard process, if any. */
  get child(): ChildProcess | undefined {
    return this.#child;
  }

  /** Starts listening on host:port; resolves once bound. */
  async listen(): Promise<void> {
    const server = createServer({ pauseOnConnect: true }, (socket) => this.#onConnection(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  #onConnection(socket: Socket): void {
    if (this.#child && this.#child.connected && this.#handedOver) {
      this.#child.send(HANDOFF.connection, socket);
      return;
    }
    this.#waiting.push(socket);
    if (!this.#child) this.#start();
  }

  #handedOver = false;

  #start(): void {
    this.opts.say('ℹ dashboard: a connection came in, starting it');
    const child = this.opts.spawn();
    this.#child = child;
    this.#handedOver = false;
    child.on('message', (msg: unknown) => {
      if (msg !== HANDOFF.ready || !this.#server) return;
      const server = this.#server;
      child.send(HANDOFF.listener, server, () => {
        this.#handedOver = true;
        for (const s of this.#waiting.splice(0)) child.send(HANDOFF.connection, s);
        // The dashboard holds the socket now; ours would compete with it for connections.
        server.close();
        this.#server = undefined;
      });
    });
    child.once('exit', (code) => {
      this.#child = undefined;
      this.#handedOver = false;
      for (const s of this.#waiting.splice(0)) s.destroy();
      if (this.#stopping) return;
      const said = code === 0 ? 'ℹ dashboard stopped while idle; it starts again on the next connection' : `⚠ dashboard exited (code ${code}); it starts again on the next connection`;
      // Said once the address is listened on again: "starts again on the next connection" is
      // then true (a connection in between was refused, seen under load).
      if (this.#server) return void this.opts.say(said);
      void this.listen().then(
        () => this.opts.say(said),
        (err: unknown) => this.opts.say(`✖ dashboard address ${this.opts.host}:${this.opts.port}: ${(err as Error).message}`),
      );
    });
  }

  /** Stops listening and the dashboard (SIGTERM); resolves once it has exited. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#server?.close();
    for (const s of this.#waiting.splice(0)) s.destroy();
    const c = this.#child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((res) => {
      c.once('exit', () => res());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 30_000).unref();
    });
  }
}
