// The `ip` commands netns.ts and its guard share (iproute2, argument arrays only).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** iproute2's ip: in /usr/sbin on Debian, which a non-login PATH may lack. */
export const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p)) ?? 'ip';

/** Every namespace the harness makes: potion-t<test pid>-<world>-<host>. */
export const NETNS_NAME = /^potion-t(\d+)-(\d+)-([a-z][a-z0-9]{0,11})$/;

export interface IpRan {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function ip(args: readonly string[], timeoutMs = 10_000): IpRan {
  const r = spawnSync(IP, [...args], { encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Names from `ip netns list` ("name (id: 3)" lines). */
export function listNamespaces(): string[] {
  return ip(['netns', 'list']).stdout.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

/** Kills what still runs in the namespace (SIGKILL), then deletes it. Quiet when it is gone. */
export function removeNamespace(name: string): void {
  if (!NETNS_NAME.test(name)) return;
  for (const pid of ip(['netns', 'pids', name]).stdout.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  ip(['netns', 'del', name]);
}
