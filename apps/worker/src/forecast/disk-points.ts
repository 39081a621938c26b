import { keys, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import type { DiskPoint } from './disk-forecast.js';

/** At most this many samples are parsed for a forecast (a least-squares fit needs no more). */
const MAX_POINTS = 300;

interface RawSample {
  at?: unknown;
  disks?: Array<{ mount?: unknown; mounted?: unknown; usePercent?: unknown }>;
}

/**
 * Disk use per mount from sampler history lines (JSON HostSample, any order). Only every
 * n-th line is parsed so a status press stays cheap; unmounted disks are left out.
 */
export function diskPointsOf(lines: readonly string[], maxPoints = MAX_POINTS): Map<string, DiskPoint[]> {
  const stride = Math.max(1, Math.ceil(lines.length / maxPoints));
  const out = new Map<string, DiskPoint[]>();
  for (let i = 0; i < lines.length; i += stride) {
    let s: RawSample;
    try {
      s = JSON.parse(lines[i]!) as RawSample;
    } catch {
      continue;
    }
    if (typeof s.at !== 'number' || !Array.isArray(s.disks)) continue;
    for (const d of s.disks) {
      if (typeof d.mount !== 'string' || d.mounted === false || typeof d.usePercent !== 'number') continue;
      const list = out.get(d.mount) ?? [];
      list.push({ at: s.at, usePercent: d.usePercent });
      out.set(d.mount, list);
    }
  }
  return out;
}

/** Disk points per mount from the sampler history in Redis (keys.sampleHistory). */
export async function diskHistory(redis: Redis, hk: HostKeys): Promise<Map<string, DiskPoint[]>> {
  return diskPointsOf(await redis.lrange(hk.sampleHistory, 0, -1));
}
