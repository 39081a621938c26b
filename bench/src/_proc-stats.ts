/**
 * Memory and CPU of a running process, read from /proc (Linux): shared by the idle
 * benchmarks (idle-footprint, worker-host-idle) so they measure the same way.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
export function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Resident set size, in MB. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Proportional set size: each shared page (the node binary and libraries, mapped by all
 * Node processes) counted once across them, not once per process as a sum of RSS does.
 */
export function pssMb(pid: number | undefined): number {
  return rollup(pid, 'Pss');
}

/** A field of /proc/<pid>/smaps_rollup, in MB. */
export function rollup(pid: number | undefined, field: string): number {
  if (pid === undefined) return NaN;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Private pages of each process, plus the largest shared part once (the node binary they all map). */
export function footprintMb(pids: ReadonlyArray<number | undefined>): number {
  const priv = pids.reduce<number>((sum, p) => sum + rollup(p, 'Private_Clean') + rollup(p, 'Private_Dirty'), 0);
  const shared = Math.max(...pids.map((p) => rollup(p, 'Shared_Clean') + rollup(p, 'Shared_Dirty')));
  return priv + shared;
}

/** CPU ticks used by a process and (unless `children` is false) its waited-for children (the worker's commands). */
export function cpuTicks(pid: number | undefined, opts: { children?: boolean } = {}): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" of the command name: state is field 3, utime 14 ... cstime 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(f[11]) + Number(f[12]);
  return opts.children === false ? own : own + Number(f[13]) + Number(f[14]);
}

/** The 1-minute load average of the machine (/proc/loadavg), to print beside CPU figures. */
export function loadAverage1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * CPU use of each process over a window of `windowSec`, as % of one core: `pct` with its
 * waited-for children (the commands it ran), `ownPct` without them; and the machine's load
 * average at start and end.
 */
export async function cpuOverWindow<K extends string>(
  pids: Readonly<Record<K, number | undefined>>,
  windowSec: number,
): Promise<{ pct: Record<K, number>; ownPct: Record<K, number>; elapsedSec: number; loadStart: number; loadEnd: number }> {
  const names = Object.keys(pids) as K[];
  const before = new Map(names.map((k) => [k, { all: cpuTicks(pids[k]), own: cpuTicks(pids[k], { children: false }) }]));
  const loadStart = loadAverage1();
  const t0 = performance.now();
  await delay(windowSec * 1000);
  const elapsedSec = (performance.now() - t0) / 1000;
  const hz = clockTicks();
  const pctOf = (ticks: number) => (ticks / hz / elapsedSec) * 100;
  const pct = Object.fromEntries(names.map((k) => [k, pctOf(cpuTicks(pids[k]) - before.get(k)!.all)])) as Record<K, number>;
  const ownPct = Object.fromEntries(names.map((k) => [k, pctOf(cpuTicks(pids[k], { children: false }) - before.get(k)!.own)])) as Record<K, number>;
  return { pct, ownPct, elapsedSec, loadStart, loadEnd: loadAverage1() };
}

/** One decimal. */
export const r1 = (n: number): number => Math.round(n * 10) / 10;
/** Two decimals. */
export const r2 = (n: number): number => Math.round(n * 100) / 100;
