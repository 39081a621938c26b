import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RedisSetupError } from './errors.js';

export interface PrivateRedisOptions {
  /** Folder for the AOF files, the log and the socket. */
  dir: string;
  /**
   * TCP port on 127.0.0.1; 0 picks a free one. Undefined: no TCP at all, a unix socket
   * `redis.sock` in `dir` (what `npm start` uses: a stable path, nothing on the network).
   */
  port?: number;
  /** AOF fsync policy (docs/decisions/001-appendfsync-always.md). Default 'always'. */
  appendfsync?: 'always' | 'everysec';
  /** Default: redis-server from PATH. */
  command?: string;
  /** Extra `--name value` pairs. */
  extraArgs?: readonly string[];
  /** How long to wait for "Ready to accept connections". Default 15000 ms. */
  startTimeoutMs?: number;
}

/**
 * redis-server arguments for a quiet idle (issue 20): its housekeeping timer runs once a
 * second instead of ten times (idle CPU ~0.12 % -> ~0 % of a core on the build machine).
 * Expired keys are still never returned (they expire on access too); BullMQ's blocking
 * waits and `appendfsync everysec` are unaffected. docs/decisions/024-idle-footprint.md.
 */
export const QUIET_REDIS_ARGS: readonly string[] = ['--hz', '1'];

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * A redis-server owned by this process: AOF on, no RDB snapshots, noeviction, bound to
 * loopback or a unix socket. Used by `npm start` without REDIS_URL, and by every test run
 * (never port 6379).
 */
export class PrivateRedis {
  #child: ChildProcess | undefined;
  #url = '';
  #exited: Promise<number | null> = Promise.resolve(null);
  constructor(readonly opts: PrivateRedisOptions) {}

  get url(): string {
    return this.#url;
  }
  get pid(): number | undefined {
    return this.#child?.pid;
  }
  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async start(): Promise<string> {
    const o = this.opts;
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    let listen: string[];
    if (o.port === undefined) {
      const sock = join(o.dir, 'redis.sock');
      listen = ['--port', '0', '--unixsocket', sock, '--unixsocketperm', '700'];
      this.#url = `unix://${sock}`;
    } else {
      const port = o.port === 0 ? await freePort() : o.port;
      if (port === 6379) throw new Error('the private Redis never uses port 6379 (kept for a system Redis)');
      listen = ['--port', String(port), '--bind', '127.0.0.1'];
      this.#url = `redis://127.0.0.1:${port}`;
    }
    const args = [
      ...listen,
      '--dir', o.dir,
      '--appendonly', 'yes',
      '--appendfsync', o.appendfsync ?? 'always',
      '--aof-load-truncated', 'yes',
      '--save', '',
      '--maxmemory-policy', 'noeviction',
      '--protected-mode', 'yes',
      '--daemonize', 'no',
      '--logfile', '',
      ...(o.extraArgs ?? []),
    ];
    const child = spawn(o.command ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#exited = new Promise((res) => child.once('exit', (code) => res(code)));
    let output = '';
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not become ready in ${o.startTimeoutMs ?? 15000} ms:\n${output.slice(-2000)}`));
      }, o.startTimeoutMs ?? 15000);
      const onData = (b: Buffer) => {
        output += b.toString();
        if (/ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolveReady();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          err.code === 'ENOENT'
            ? new RedisSetupError('redis-server is not installed (not found on PATH)', 'run `npm run setup`, or `sudo apt-get install -y redis-server`, or set REDIS_URL to an existing Redis')
            : err,
        );
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (/Bad file format reading the append only file|Unexpected end of file reading the append only file|AOF.*(corrupt|is not valid)/i.test(output)) {
          return reject(
            new RedisSetupError(
              `Redis refused to start: its saved data (the AOF under ${o.dir}) is damaged in the middle. Nothing was started, so nothing is silently lost or started over. Redis said: ${/^.*(Bad file format|Unexpected end of file|corrupt|is not valid).*$/im.exec(output)?.[0]?.replace(/^\d+:[A-Z] .*?\d\d:\d\d:\d\d\.\d+ [#*.-] /, '').trim() ?? output.slice(-300)}`,
              `copy the folder first (cp -a ${o.dir} ${o.dir}.bak), then repair it with: redis-check-aof --fix ${join(o.dir, 'appendonlydir')}/*.manifest (it cuts the AOF at the damage; jobs after that point are lost and will be reported), and start again`,
            ),
          );
        }
        reject(new Error(`redis-server exited (code ${code}, signal ${signal}) before it was ready:\n${output.slice(-2000)}`));
      });
    });
    // Keep draining its output so a full pipe never blocks it.
    child.stdout?.removeAllListeners('data');
    child.stderr?.removeAllListeners('data');
    child.stdout?.resume();
    child.stderr?.resume();
    return this.#url;
  }

  /** Clean shutdown: redis-server flushes the AOF on SIGTERM. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.#child?.kill('SIGTERM');
    await this.#exited;
  }

  /** Simulates a crash or power cut of Redis. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }
}
