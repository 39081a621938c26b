import type { HostSample, PowerState, ProbeResult, SampledDocker } from '@potion/jobs';

const GB = 1024 ** 3;

export interface SyntheticOptions {
  at: number;
  cpu?: number;
  availMb?: number;
  rootPct?: number;
  hddPct?: number;
  hddMounted?: boolean;
  hddMount?: string;
  tempC?: number | null;
  net?: boolean | null;
  services?: Record<string, string>;
  /** Laptop power; default null (no battery). */
  power?: PowerState | null;
  /** SERVICE_PROBES answers; default none. */
  probes?: ProbeResult[];
  /** The whitelisted containers; default null (no Docker). */
  docker?: SampledDocker | null;
}

/**
 * A host sample with chosen figures and calm defaults, for tests and benchmarks that need
 * a series (CPU 5%, 4 GB available, disks 40%, 50°C, internet up).
 */
export function syntheticSample(o: SyntheticOptions): HostSample {
  const hddMount = o.hddMount ?? '/mnt/potion-data';
  const disk = (mount: string, pct: number, mounted: boolean, size: number) => ({
    mount,
    mounted,
    sizeBytes: size,
    usedBytes: Math.round((size * pct) / 100),
    usePercent: pct,
  });
  return {
    at: o.at,
    cpu: { usagePercent: o.cpu ?? 5, load1: 0.2, load5: 0.2, load15: 0.2, cores: 4 },
    mem: {
      totalBytes: 8 * GB,
      usedBytes: 8 * GB - (o.availMb ?? 4096) * 1024 * 1024,
      freeBytes: (o.availMb ?? 4096) * 1024 * 1024,
      availableBytes: (o.availMb ?? 4096) * 1024 * 1024,
      swapTotalBytes: 2 * GB,
      swapUsedBytes: 0,
    },
    disks: [disk('/', o.rootPct ?? 40, true, 256 * GB), disk(hddMount, o.hddPct ?? 40, o.hddMounted ?? true, 500 * GB)],
    tempC: o.tempC === undefined ? 50 : o.tempC,
    uptimeSec: 3600,
    bootTime: o.at - 3600_000,
    services: Object.entries(o.services ?? {}).map(([unit, s]) => {
      const [active = 'unknown', sub = 'unknown'] = s.split(' ');
      return { unit, active, sub, found: true };
    }),
    probes: o.probes ?? [],
    net: o.net === null ? null : { target: '1.1.1.1:53', reachable: o.net ?? true, latencyMs: o.net === false ? null : 12 },
    power: o.power ?? null,
    docker: o.docker ?? null,
    tookMs: 3,
  };
}
