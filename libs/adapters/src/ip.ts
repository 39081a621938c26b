import type { Runner, RunOptions } from './runner.js';

export interface IpAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefixLength: number;
  /** global, link, host, site. */
  scope: string;
}

export interface NetInterface {
  name: string;
  /** UP, DOWN, UNKNOWN (loopback and some tunnels say UNKNOWN). */
  state: string;
  mac: string | undefined;
  loopback: boolean;
  addresses: IpAddress[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses `ip -j addr` (iproute2 6.1 on Ubuntu 24.04): an array of links, each with
 * `addr_info` entries. Entries without `local` (iproute2 prints `{}` for some) are skipped.
 */
export function parseIpAddr(json: string): NetInterface[] {
  const data: unknown = JSON.parse(json);
  if (!Array.isArray(data)) throw new Error('ip -j addr did not print a JSON array');
  const out: NetInterface[] = [];
  for (const link of data) {
    if (!isRecord(link) || typeof link.ifname !== 'string') continue;
    const flags = Array.isArray(link.flags) ? link.flags.filter((f): f is string => typeof f === 'string') : [];
    const addresses: IpAddress[] = [];
    for (const a of Array.isArray(link.addr_info) ? link.addr_info : []) {
      if (!isRecord(a) || typeof a.local !== 'string') continue;
      if (a.family !== 'inet' && a.family !== 'inet6') continue;
      addresses.push({
        family: a.family,
        address: a.local,
        prefixLength: typeof a.prefixlen === 'number' ? a.prefixlen : 0,
        scope: typeof a.scope === 'string' ? a.scope : 'global',
      });
    }
    out.push({
      name: link.ifname,
      state: typeof link.operstate === 'string' ? link.operstate : 'UNKNOWN',
      mac: typeof link.address === 'string' && link.link_type !== 'loopback' && link.link_type !== 'none' ? link.address : undefined,
      loopback: flags.includes('LOOPBACK') || link.link_type === 'loopback',
      addresses,
    });
  }
  return out;
}

export interface DefaultRoute {
  gateway: string | undefined;
  dev: string;
}

/** Parses `ip -j route show default`: `[{"dst":"default","gateway":"192.168.1.1","dev":"wlp3s0",...}]`. */
export function parseDefaultRoutes(json: string): DefaultRoute[] {
  const text = json.trim();
  if (!text) return [];
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) return [];
  return data
    .filter(isRecord)
    .filter((r) => typeof r.dev === 'string')
    .map((r) => ({ gateway: typeof r.gateway === 'string' ? r.gateway : undefined, dev: r.dev as string }));
}

export async function listInterfaces(run: Runner, opts: RunOptions = {}): Promise<NetInterface[]> {
  const r = await run('ip', ['-j', 'addr'], { timeoutMs: 10_000, ...opts });
  return parseIpAddr(r.stdout);
}

export async function defaultRoutes(run: Runner, opts: RunOptions = {}): Promise<DefaultRoute[]> {
  const [v4, v6] = await Promise.all([
    run('ip', ['-j', 'route', 'show', 'default'], { timeoutMs: 10_000, ...opts }),
    run('ip', ['-j', '-6', 'route', 'show', 'default'], { timeoutMs: 10_000, ...opts }),
  ]);
  return [...parseDefaultRoutes(v4.stdout), ...parseDefaultRoutes(v6.stdout)];
}
