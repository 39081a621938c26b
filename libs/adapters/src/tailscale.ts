import { CommandError } from './command-error.js';
import type { Runner, RunOptions } from './runner.js';

export interface TailscalePeer {
  hostName: string;
  dnsName: string;
  os: string;
  ips: string[];
  online: boolean;
  /** ISO time, or undefined when Tailscale does not know ("0001-01-01T00:00:00Z"). */
  lastSeen: string | undefined;
  exitNode: boolean;
}

export type TailscaleStatus =
  | { installed: false }
  | { installed: true; running: false; message: string }
  | {
      installed: true;
      running: true;
      /** Running, NeedsLogin, NeedsMachineAuth, Stopped, Starting. */
      backendState: string;
      version: string;
      self: { hostName: string; dnsName: string; ips: string[]; online: boolean } | undefined;
      tailnet: string | undefined;
      peers: TailscalePeer[];
      health: string[];
    };

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Parses `tailscale status --json` (Tailscale 1.7x): Self, Peer (a map, or null), BackendState. */
export function parseTailscaleStatus(json: string): Extract<TailscaleStatus, { running: true }> {
  const d = rec(JSON.parse(json));
  const self = d.Self === null || d.Self === undefined ? undefined : rec(d.Self);
  const peers = Object.values(rec(d.Peer)).map((p) => {
    const r = rec(p);
    const seen = str(r.LastSeen);
    return {
      hostName: str(r.HostName),
      dnsName: str(r.DNSName).replace(/\.$/, ''),
      os: str(r.OS),
      ips: strs(r.TailscaleIPs),
      online: r.Online === true,
      lastSeen: seen && !seen.startsWith('0001-') ? seen : undefined,
      exitNode: r.ExitNode === true,
    };
  });
  peers.sort((a, b) => Number(b.online) - Number(a.online) || a.hostName.localeCompare(b.hostName));
  return {
    installed: true,
    running: true,
    backendState: str(d.BackendState) || 'Unknown',
    version: str(d.Version),
    self: self
      ? { hostName: str(self.HostName), dnsName: str(self.DNSName).replace(/\.$/, ''), ips: strs(d.TailscaleIPs).length ? strs(d.TailscaleIPs) : strs(self.TailscaleIPs), online: self.Online === true }
      : undefined,
    tailnet: str(rec(d.CurrentTailnet).Name) || undefined,
    peers,
    health: strs(d.Health),
  };
}

/**
 * Tailscale's status, or `installed: false` when the CLI is missing, or `running: false`
 * when tailscaled is not running ("failed to connect to local tailscaled").
 */
export async function tailscaleStatus(run: Runner, opts: RunOptions = {}): Promise<TailscaleStatus> {
  try {
    const r = await run('tailscale', ['status', '--json'], { timeoutMs: 15_000, ...opts });
    return parseTailscaleStatus(r.stdout);
  } catch (err) {
    if (err instanceof CommandError && err.failure === 'not-found') return { installed: false };
    if (err instanceof CommandError && err.failure === 'exit') {
      const line = err.stderrTail.trim().split('\n').filter((l) => l.trim()).pop() ?? `exit ${err.exitCode}`;
      return { installed: true, running: false, message: line };
    }
    throw err;
  }
}
