import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@potion/testkit';
import { run, type Ran } from '../harness/deploy-helpers.js';
import { cachedRootfs, copyRootfs } from './rootfs.js';

/** Per-run copies live here; one left by a killed run is removed by the next run. */
const RUN_PARENT = '/var/tmp';
const RUN_PREFIX = 'potion-system-';
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A command left running inside the container (see Container.follow). */
export interface Follower {
  /** Everything it printed so far (stdout and stderr). */
  text(): string;
  stop(): Promise<void>;
}

export interface ContainerOptions {
  log: (line: string) => void;
  /** Hostname and nspawn machine name; several containers in one run need their own. */
  name?: string;
  /**
   * A network namespace to boot in (`--network-namespace-path`, e.g. a host of libs/testkit
   * createNetHosts): the container then has that namespace's addresses and reaches the other
   * hosts on it. Without it the container has no network at all (`--private-network`).
   */
  netnsPath?: string;
}

/** Children of a process, from /proc/PID/task/TID/children. */
function children(pid: number): number[] {
  const out: number[] = [];
  const dir = `/proc/${pid}/task`;
  if (!existsSync(dir)) return out;
  for (const tid of readdirSync(dir)) {
    const text = readFileSync(`${dir}/${tid}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

/** The descendant of `pid` that is PID 1 in its own PID namespace (the container's systemd). */
function containerInit(pid: number): number | undefined {
  const queue = children(pid);
  while (queue.length) {
    const p = queue.shift()!;
    try {
      const ns = /^NSpid:\s*(.+)$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]?.trim().split(/\s+/);
      if (ns && ns.length > 1 && ns.at(-1) === '1') return p;
    } catch {
      continue;
    }
    queue.push(...children(p));
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes per-run roots whose test process is gone (a run killed before its cleanup). */
function removeStaleRuns(log: (line: string) => void): void {
  for (const name of readdirSync(RUN_PARENT)) {
    const m = new RegExp(`^${RUN_PREFIX}(\\d+)-`).exec(name);
    if (m && !alive(Number(m[1]))) {
      log(`removing ${join(RUN_PARENT, name)} left by an earlier run`);
      rmSync(join(RUN_PARENT, name), { recursive: true, force: true });
    }
  }
}

/**
 * A Debian 12 container booting a real systemd 252 with systemd-nspawn (no network unless
 * given a namespace, no registration with a host systemd). Commands run inside with nsenter into every namespace.
 */
export class Container {
  readonly root: string;
  #nspawn: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #init = 0;
  #console = '';
  readonly #log: (line: string) => void;
  readonly #name: string;
  readonly #network: string;

  private constructor(root: string, opts: ContainerOptions) {
    this.root = root;
    this.#log = opts.log;
    this.#name = opts.name ?? 'potion-systest';
    this.#network = opts.netnsPath ? `--network-namespace-path=${opts.netnsPath}` : '--private-network';
  }

  /** Builds (or reuses) the cached rootfs and makes a private copy of it for this run. */
  static create(opts: ContainerOptions): Container {
    removeStaleRuns(opts.log);
    const cached = cachedRootfs(opts.log);
    const dir = mkdtempSync(join(RUN_PARENT, `${RUN_PREFIX}${process.pid}-`));
    const c = new Container(join(dir, 'root'), opts);
    mkdirSync(c.root);
    // Even a failing test run removes the copy: the exit handler runs on every way out.
    process.once('exit', () => c.destroySync());
    copyRootfs(cached, c.root);
    writeFileSync(join(c.root, 'etc/hostname'), `${c.#name}\n`);
    return c;
  }

  /** The container's console output so far (systemd's boot messages), for failure messages. */
  get consoleOutput(): string {
    return this.#console;
  }

  /** Boots systemd and waits until it reports the system running (or degraded). */
  async boot(timeoutMs = 120_000): Promise<void> {
    const child = spawn('systemd-nspawn', ['-b', '-D', this.root, '--register=no', '--keep-unit', this.#network, '--console=pipe', `--machine=${this.#name}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#console = '';
    child.stdout?.on('data', (d: Buffer) => (this.#console += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.#console += d.toString()));
    this.#nspawn = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.#init = await waitFor('the container PID 1', () => (child.exitCode !== null ? Promise.reject(new Error(this.#console)) : containerInit(child.pid!)), 30_000, 100);
    const state = await waitFor('systemd in the container to finish booting', () => {
      const r = this.exec('systemctl', ['is-system-running']);
      const s = r.stdout.trim();
      return s === 'running' || s === 'degraded' ? s : undefined;
    }, timeoutMs, 250);
    if (state === 'degraded') this.#log(`booted degraded: ${this.exec('systemctl', ['--failed', '--no-legend']).stdout.trim()}`);
  }

  /** Runs a command inside the container (every namespace, a clean environment). */
  exec(cmd: string, args: readonly string[], opts: { env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): Ran {
    if (!this.#init) throw new Error('the container is not running');
    const env = Object.entries({ PATH, HOME: '/root', LANG: 'C.UTF-8', ...opts.env }).map(([k, v]) => `${k}=${v}`);
    return run('nsenter', ['-t', String(this.#init), '-a', '--', '/usr/bin/env', '-i', ...env, cmd, ...args], {
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 32 * 1024 * 1024,
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });
  }

  /**
   * Starts a long-running command inside (e.g. `journalctl -u X -f`) and collects its output
   * as it comes; stop() ends it. For commands a user leaves running in a terminal.
   */
  follow(cmd: string, args: readonly string[]): Follower {
    if (!this.#init) throw new Error('the container is not running');
    const env = Object.entries({ PATH, HOME: '/root', LANG: 'C.UTF-8' }).map(([k, v]) => `${k}=${v}`);
    const child = spawn('nsenter', ['-t', String(this.#init), '-a', '--', '/usr/bin/env', '-i', ...env, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    return {
      text: () => out,
      stop: async () => {
        // Its own process group: nsenter and the command it forked end together.
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
        await closed;
      },
    };
  }

  /** Like exec, but fails with the output when the command does not exit 0. */
  must(cmd: string, args: readonly string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): string {
    const r = this.exec(cmd, args, opts);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.all}`);
    return r.stdout;
  }

  /** `systemctl reboot` inside: nspawn exits, and is started again to boot the same root. */
  async reboot(): Promise<void> {
    this.exec('systemctl', ['reboot']);
    await Promise.race([this.#exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`the container did not shut down:\n${this.#console.slice(-3000)}`)), 90_000))]);
    this.#init = 0;
    await this.boot();
  }

  /** Powers the container off (SIGKILL after 30 s) and removes the copied rootfs. */
  async destroy(): Promise<void> {
    const child = this.#nspawn;
    if (child && child.exitCode === null && child.signalCode === null) {
      if (this.#init) this.exec('systemctl', ['poweroff', '--no-block']);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await this.#exited;
      clearTimeout(timer);
    }
    this.destroySync();
  }

  destroySync(): void {
    const child = this.#nspawn;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.#init = 0;
    // nspawn's mounts live in its own mount namespace: nothing is mounted under the root here.
    rmSync(join(this.root, '..'), { recursive: true, force: true });
  }
}
