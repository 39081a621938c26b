import { readFile } from 'node:fs/promises';

/** Jiffies of the aggregate `cpu` line of /proc/stat. */
export interface CpuTimes {
  busy: number;
  total: number;
  cores: number;
}

/**
 * Parses /proc/stat (Linux 6.8): `cpu  user nice system idle iowait irq softirq steal guest
 * guest_nice`, then one `cpuN` line per core. Idle time is idle + iowait; guest time is
 * already inside user, so it is not added again.
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = /^cpu\s+(.+)$/m.exec(text);
  if (!line) return undefined;
  const v = line[1]!.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  const cores = (text.match(/^cpu\d+\s/gm) ?? []).length;
  return { busy: total - idle - iowait, total, cores: Math.max(1, cores) };
}

/** Busy % between two readings; since boot when there is no earlier one. */
export function cpuPercent(prev: CpuTimes | undefined, cur: CpuTimes): number {
  const dTotal = cur.total - (prev?.total ?? 0);
  const dBusy = cur.busy - (prev?.busy ?? 0);
  if (dTotal <= 0) return 0;
  return Math.min(100, Math.max(0, (dBusy / dTotal) * 100));
}

export interface MemInfo {
  totalBytes: number;
  freeBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

/** Parses /proc/meminfo (values in kB). MemAvailable is what the RAM alert watches. */
export function parseMeminfo(text: string): MemInfo {
  const kb = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : 0;
  };
  const total = kb('MemTotal');
  const free = kb('MemFree');
  // Kernels since 3.14 have MemAvailable; estimate for anything older.
  const available = /^MemAvailable:/m.test(text) ? kb('MemAvailable') : free + kb('Buffers') + kb('Cached');
  return { totalBytes: total, freeBytes: free, availableBytes: available, swapTotalBytes: kb('SwapTotal'), swapFreeBytes: kb('SwapFree') };
}

const previous = new Map<string, CpuTimes>();

/** CPU busy % since the previous call of this process (per procRoot), plus the core count. */
export async function readCpu(procRoot: string): Promise<{ usagePercent: number; cores: number }> {
  const cur = parseProcStat(await readFile(`${procRoot}/stat`, 'utf8'));
  if (!cur) return { usagePercent: 0, cores: 1 };
  const pct = cpuPercent(previous.get(procRoot), cur);
  previous.set(procRoot, cur);
  return { usagePercent: pct, cores: cur.cores };
}

export async function readMem(procRoot: string): Promise<MemInfo> {
  return parseMeminfo(await readFile(`${procRoot}/meminfo`, 'utf8'));
}
