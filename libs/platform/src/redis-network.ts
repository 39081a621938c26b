import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where a Redis address is (issue 18): Redis across machines only over loopback, Tailscale
 * (100.64.0.0/10, fd7a:115c:a1e0::/48, WireGuard-encrypted) or TLS. deploy/lib/join-secret.mjs
 * and deploy/lib/redis-bind.sh hold the same ranges for the installer (a test keeps them equal).
 */
export type RedisNetwork = 'loopback' | 'tailscale' | 'other';

/** The eight 16-bit groups of an IPv6 address (no zone). */
function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  let groups = part(head);
  let rest = tail === undefined ? [] : part(tail);
  // An embedded IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const last = (tail === undefined ? groups : rest).at(-1) ?? '';
  if (isIPv4(last)) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    const v4 = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (tail === undefined) groups = [...groups.slice(0, -1), ...v4];
    else rest = [...rest.slice(0, -1), ...v4];
  }
  const fill = tail === undefined ? [] : Array<string>(8 - groups.length - rest.length).fill('0');
  return [...groups, ...fill, ...rest].map((g) => parseInt(g, 16));
}

/** Classifies a host as written in a URL (`127.0.0.1`, `[::1]`, `localhost`, a name). */
export function redisNetwork(host: string): RedisNetwork {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return 'loopback';
  if (isIPv4(h)) {
    const [a = 0, b = 0] = h.split('.').map(Number);
    if (a === 127) return 'loopback';
    if (a === 100 && b >= 64 && b <= 127) return 'tailscale';
    return 'other';
  }
  if (isIPv6(h)) {
    const g = ipv6Groups(h);
    if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
    if (g[0] === 0xfd7a && g[1] === 0x115c && g[2] === 0xa1e0) return 'tailscale';
    // ::ffff:a.b.c.d
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return redisNetwork(`${(g[6] ?? 0) >> 8}.${(g[6] ?? 0) & 255}.${(g[7] ?? 0) >> 8}.${(g[7] ?? 0) & 255}`);
    return 'other';
  }
  // A name: it could resolve anywhere (a LAN resolver can answer for it), so it counts as other.
  return 'other';
}

/**
 * Why a REDIS_URL must not be used, or undefined: `redis://` (clear text) to an address that
 * is neither loopback nor Tailscale.
 */
export function clearTextRedisProblem(url: string): string | undefined {
  if (!url.startsWith('redis://')) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (host === '' || redisNetwork(host) !== 'other') return undefined;
  return `redis:// to ${host} would send the queue (and the password) in the clear over the network: only loopback or a Tailscale address (100.64.0.0/10, fd7a:115c:a1e0::/48) may use redis://`;
}
