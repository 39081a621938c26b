import { hostSample, type HostSample } from '@potion/jobs';

/**
 * A synthetic sampler history for tests and the benchmark: `count` samples `stepMs` apart
 * ending at `end`, newest first (as keys.sampleHistory holds them), CPU as a wave, RAM,
 * temperature and disk drifting slowly.
 */
export function syntheticHistory(count: number, end: number, stepMs = 30_000): HostSample[] {
  const out: HostSample[] = [];
  for (let i = 0; i < count; i++) {
    const at = end - i * stepMs;
    const k = count - i;
    const total = 8 * 1024 ** 3;
    // Parsed, so fields with defaults in the schema are filled in as the sampler's would be.
    out.push(
      hostSample.parse({
        at,
        cpu: { usagePercent: 50 + 40 * Math.sin(k / 40), load1: 1, load5: 1, load15: 1, cores: 4 },
        mem: { totalBytes: total, usedBytes: total * (0.4 + 0.1 * Math.sin(k / 200)), freeBytes: total * 0.3, availableBytes: total * 0.5, swapTotalBytes: 0, swapUsedBytes: 0 },
        disks: [
          { mount: '/', mounted: true, sizeBytes: 250e9, usedBytes: 150e9 + k * 1e6, usePercent: Math.min(100, 60 + k / 200) },
          { mount: '/mnt/hdd', mounted: true, sizeBytes: 500e9, usedBytes: 200e9, usePercent: 40 },
        ],
        tempC: 55 + 10 * Math.cos(k / 60),
        uptimeSec: 1000 + k * 30,
        bootTime: end - 10 * 86400_000,
        tookMs: 3,
      }),
    );
  }
  return out;
}
