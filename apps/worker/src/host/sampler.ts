import { readFile, statfs } from 'node:fs/promises';
import { loadavg, uptime } from 'node:os';
import { isMountPoint, showUnits, type Runner } from '@potion/adapters';
import type { DiskUse, HostSample, NetCheck, ProbeResult, SampledService } from '@potion/jobs';
import type { ServiceProbe } from '@potion/platform';
import { readCpuTemp } from './cpu-temp.js';
import { classifyFailure } from '../runtime/retry-policy.js';
import { sampleDocker, type DockerSampleOptions } from './docker-sample.js';
import { readPowerSupply } from './power-supply.js';
import { runProbes } from './probes.js';
import { tcpReachable } from './net-check.js';
import { readCpu, readMem } from './proc-stats.js';

export interface SamplerOptions {
  hddMount: string;
  /** Where /proc is; tests point it at a copy. */
  procRoot: string;
  /** Where /sys is (CPU temperature, power_supply). Default "/sys". */
  sysRoot?: string;
  now: () => number;
  /** With `units`: the runner for one `systemctl show` of every whitelisted unit. */
  runner?: Runner;
  /** Whitelisted units to include. Default none. */
  units?: readonly string[];
  /** The internet check target; undefined: not checked (net is null). */
  netTarget?: { host: string; port: number };
  /** Default 2000. */
  netTimeoutMs?: number;
  /** SERVICE_PROBES: "is it really serving?" checks, run with every sample. Default none. */
  probes?: readonly ServiceProbe[];
  /** Timeout of each probe. Default 3000. */
  probeTimeoutMs?: number;
  /** DOCKER_WHITELIST containers to inspect over the Engine API socket. Default none (docker null). */
  docker?: DockerSampleOptions;
}

async function services(opts: SamplerOptions): Promise<{ list: SampledService[]; unread?: string }> {
  if (!opts.runner || !opts.units || opts.units.length === 0) return { list: [] };
  try {
    const units = await showUnits(opts.runner, opts.units, { timeoutMs: 5000 });
    return { list: units.map(({ unit, active, sub, found }) => ({ unit, active, sub, found })) };
  } catch (err) {
    // systemctl did not answer: "unknown" is no alert (the rules hold on it), and the sample
    // keeps why, for the answers that show it (digest; Status once it reads the sample).
    return { list: opts.units.map((unit) => ({ unit, active: 'unknown', sub: 'unknown', found: true })), unread: classifyFailure(err).why };
  }
}

async function diskUse(path: string, mountinfo: string): Promise<DiskUse> {
  const mounted = isMountPoint(mountinfo, path);
  try {
    const s = await statfs(path);
    const size = s.blocks * s.bsize;
    const used = (s.blocks - s.bfree) * s.bsize;
    // Like df: used / (used + available to unprivileged users).
    const avail = s.bavail * s.bsize;
    const pct = used + avail > 0 ? (used / (used + avail)) * 100 : 0;
    return { mount: path, mounted, sizeBytes: size, usedBytes: used, usePercent: Math.round(pct * 10) / 10 };
  } catch {
    return { mount: path, mounted: false, sizeBytes: 0, usedBytes: 0, usePercent: 0 };
  }
}

/**
 * Takes one host sample. Cheap on purpose (it runs every 30 s): /proc and /sys reads,
 * statfs, one TCP connect for the internet check, the SERVICE_PROBES checks (concurrent,
 * each bounded by its timeout), and one `systemctl show` for all
 * whitelisted units (the only subprocess); CPU usage is the delta since the previous call
 * of this process. No systeminformation here: its currentLoad and cpuTemperature spawn
 * shells synchronously on every call, which alone broke the idle budget.
 */
export async function takeSample(opts: SamplerOptions): Promise<HostSample> {
  const t0 = performance.now();
  const mountinfo = await readFile(`${opts.procRoot}/self/mountinfo`, 'utf8').catch(() => '');
  const netP: Promise<NetCheck | null> = opts.netTarget
    ? tcpReachable(opts.netTarget.host, opts.netTarget.port, opts.netTimeoutMs ?? 2000)
    : Promise.resolve(null);
  const probesP: Promise<ProbeResult[]> = opts.probes?.length ? runProbes(opts.probes, opts.probeTimeoutMs ?? 3000) : Promise.resolve([]);
  const [load, mem, temp, root, hdd, svc, net, power, probes, docker] = await Promise.all([
    readCpu(opts.procRoot),
    readMem(opts.procRoot),
    readCpuTemp(opts.sysRoot ?? '/sys'),
    diskUse('/', mountinfo),
    diskUse(opts.hddMount, mountinfo),
    services(opts),
    netP,
    readPowerSupply(opts.sysRoot ?? '/sys'),
    probesP,
    opts.docker ? sampleDocker(opts.docker) : null,
  ]);
  const [l1, l5, l15] = loadavg();
  const up = uptime();
  const now = opts.now();
  return {
    at: now,
    cpu: {
      usagePercent: Math.round(load.usagePercent * 10) / 10,
      load1: l1 ?? 0,
      load5: l5 ?? 0,
      load15: l15 ?? 0,
      cores: load.cores,
    },
    mem: {
      totalBytes: mem.totalBytes,
      usedBytes: Math.max(0, mem.totalBytes - mem.availableBytes),
      freeBytes: mem.freeBytes,
      availableBytes: mem.availableBytes,
      swapTotalBytes: mem.swapTotalBytes,
      swapUsedBytes: Math.max(0, mem.swapTotalBytes - mem.swapFreeBytes),
    },
    disks: [root, hdd],
    tempC: temp,
    uptimeSec: up,
    bootTime: Math.round((now - up * 1000) / 1000) * 1000,
    services: svc.list,
    ...(svc.unread !== undefined ? { servicesUnread: svc.unread } : {}),
    probes,
    net,
    power,
    docker,
    tookMs: Math.round((performance.now() - t0) * 100) / 100,
  };
}
