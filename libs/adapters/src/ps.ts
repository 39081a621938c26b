import type { Runner, RunOptions } from './runner.js';

export interface ProcessInfo {
  pid: number;
  /** %CPU as ps computes it: CPU time over the process's lifetime. */
  cpuPercent: number;
  memPercent: number;
  rssBytes: number;
  command: string;
}

/** `ps -eo pid=,pcpu=,pmem=,rss=,comm=` (procps-ng 4.0.4); comm may contain spaces, so it is last. */
export const PS_ARGS = ['-eo', 'pid=,pcpu=,pmem=,rss=,comm='] as const;

export function parsePs(stdout: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    out.push({ pid: Number(m[1]), cpuPercent: Number(m[2]), memPercent: Number(m[3]), rssBytes: Number(m[4]) * 1024, command: m[5]! });
  }
  return out;
}

export async function topProcesses(run: Runner, n: number, opts: RunOptions = {}): Promise<{ byCpu: ProcessInfo[]; byMem: ProcessInfo[] }> {
  const r = await run('ps', PS_ARGS, { timeoutMs: 10_000, ...opts });
  const all = parsePs(r.stdout).filter((p) => p.command !== 'ps');
  return {
    byCpu: [...all].sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, n),
    byMem: [...all].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, n),
  };
}
