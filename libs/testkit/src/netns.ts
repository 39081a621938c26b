/**
 * Test hosts in network namespaces (issue 18): each host is its own namespace with loopback up
 * and one address from the Tailscale range 100.64.0.0/10 (100.64.0.1, .2, … in the order
 * given), all joined by a bridge in a hub namespace, so two workers really are two addresses
 * and the product's "Redis only on loopback, Tailscale or TLS" rule applies as on real hosts.
 * Names carry the test's pid and a counter: parallel test files never clash. Clean-up: destroy(),
 * the reaper's exit handler on any normal exit, and a detached guard (netns-guard.ts) when the
 * test process is killed; namespaces of a dead test pid are also removed by the next run.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { IP, NETNS_NAME, ip, listNamespaces, removeNamespace, type IpRan } from './netns-ip.js';
import { cleanupOnExit, reapOnExit, reaped } from './reaper.js';

export { NETNS_NAME, listNamespaces } from './netns-ip.js';

const HOST_NAME = /^[a-z][a-z0-9]{0,11}$/;
const GUARD = fileURLToPath(new URL('./netns-guard.js', import.meta.url));

export interface NetHost {
  /** The name the test gave (e.g. "main", "pi"). */
  name: string;
  /** The namespace (`ip netns exec <ns>`). */
  ns: string;
  /** /run/netns/<ns>, e.g. for systemd-nspawn --network-namespace-path. */
  nsPath: string;
  /** Its address on the shared network (100.64.0.N, prefix /10). */
  address: string;
}

export interface NetHostsOptions {
  /** Host names, lower-case letters and digits; the first gets 100.64.0.1. */
  hosts: readonly string[];
}

export interface NetHosts {
  readonly hosts: readonly NetHost[];
  host(name: string): NetHost;
  /** Runs a command inside the host's namespace and waits for it. */
  run(host: string, cmd: string, args: readonly string[], timeoutMs?: number): IpRan;
  /** Starts a command inside the host's namespace; it is killed when the test process exits. */
  spawn(host: string, cmd: string, args: readonly string[], opts?: SpawnOptions): ChildProcess;
  /** Kills what runs in the namespaces and deletes them. Safe to call twice. */
  destroy(): void;
}

let unavailable: string | undefined | null = null;

/** Why this machine cannot make network namespaces (for a test's skip), or undefined. */
export function netnsUnavailable(): string | undefined {
  if (unavailable !== null) return unavailable;
  const probe = `potion-t${process.pid}-0-probe`;
  if (process.getuid?.() !== 0) unavailable = 'network namespaces need root (ip netns add)';
  else if (ip(['-V']).code !== 0) unavailable = 'iproute2 (ip) is missing: npm run setup installs it';
  else {
    const r = ip(['netns', 'add', probe]);
    unavailable = r.code === 0 ? undefined : `ip netns add is refused here: ${r.stderr.trim()}`;
    if (r.code === 0) ip(['netns', 'del', probe]);
  }
  return unavailable;
}

let guard: ChildProcess | undefined;

/** Tells the guard about a namespace ("+") or that it is gone ("-"). Started on first use. */
function tellGuard(line: string): void {
  if (!guard) {
    guard = spawn(process.execPath, [GUARD], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    guard.unref();
    (guard.stdin as Socket).unref();
  }
  guard.stdin?.write(`${line}\n`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes namespaces left by a test process that is gone (killed before any clean-up ran). */
function sweepStale(): void {
  for (const name of listNamespaces()) {
    const m = NETNS_NAME.exec(name);
    if (m && !pidAlive(Number(m[1]))) removeNamespace(name);
  }
}

function must(args: readonly string[]): void {
  const r = ip(args);
  if (r.code !== 0) throw new Error(`${IP} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
}

let worlds = 0;

export function createNetHosts(opts: NetHostsOptions): NetHosts {
  const names = opts.hosts;
  if (names.length === 0 || names.length > 250) throw new Error('between 1 and 250 hosts');
  for (const n of names) if (!HOST_NAME.test(n) || n === 'hub') throw new Error(`host name ${JSON.stringify(n)}: lower-case letters and digits, not "hub"`);
  if (new Set(names).size !== names.length) throw new Error(`host names repeat: ${names.join(' ')}`);
  const reason = netnsUnavailable();
  if (reason) throw new Error(reason);
  sweepStale();
  const prefix = `potion-t${process.pid}-${++worlds}-`;
  const hub = `${prefix}hub`;
  const hosts: NetHost[] = names.map((name, i) => ({ name, ns: `${prefix}${name}`, nsPath: `/run/netns/${prefix}${name}`, address: `100.64.0.${i + 1}` }));
  const made: string[] = [];
  const destroy = (): void => {
    for (const ns of made.splice(0).reverse()) {
      removeNamespace(ns);
      tellGuard(`-${ns}`);
    }
    unregister();
  };
  const unregister = cleanupOnExit(destroy);
  const add = (ns: string): void => {
    tellGuard(`+${ns}`);
    must(['netns', 'add', ns]);
    made.push(ns);
    must(['-n', ns, 'link', 'set', 'lo', 'up']);
  };
  try {
    add(hub);
    must(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge']);
    must(['-n', hub, 'link', 'set', 'br0', 'up']);
    hosts.forEach((h, i) => {
      add(h.ns);
      const port = `port${i + 1}`;
      must(['link', 'add', 'eth0', 'netns', h.ns, 'type', 'veth', 'peer', 'name', port, 'netns', hub]);
      must(['-n', hub, 'link', 'set', 'dev', port, 'master', 'br0']);
      must(['-n', hub, 'link', 'set', 'dev', port, 'up']);
      must(['-n', h.ns, 'addr', 'add', `${h.address}/10`, 'dev', 'eth0']);
      must(['-n', h.ns, 'link', 'set', 'dev', 'eth0', 'up']);
    });
  } catch (err) {
    destroy();
    throw err;
  }
  const host = (name: string): NetHost => {
    const h = hosts.find((x) => x.name === name);
    if (!h) throw new Error(`no test host ${name} (have ${names.join(', ')})`);
    return h;
  };
  return {
    hosts,
    host,
    run: (name, cmd, args, timeoutMs) => ip(['netns', 'exec', host(name).ns, cmd, ...args], timeoutMs),
    spawn: (name, cmd, args, spawnOpts = {}) => {
      const child = spawn(IP, ['netns', 'exec', host(name).ns, cmd, ...args], spawnOpts);
      reapOnExit(child.pid, () => child.exitCode === null && child.signalCode === null);
      child.once('exit', () => reaped(child.pid));
      return child;
    },
    destroy,
  };
}
