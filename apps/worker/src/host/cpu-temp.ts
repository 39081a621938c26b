import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A temperature file of sysfs with what it measures. */
export interface TempCandidate {
  /** hwmon label (`Package id 0`, `Core 0`, `Tctl`) or thermal zone type (`x86_pkg_temp`, `acpitz`). */
  label: string;
  /** The file holding millidegrees Celsius. */
  path: string;
}

const RANK: readonly RegExp[] = [
  /^package id \d+$/i, // Intel coretemp (the i5-4210U of the PRD)
  /^(tctl|tdie)$/i, // AMD k10temp
  /^x86_pkg_temp$/i, // thermal zone of the Intel package
  /cpu/i, // cpu-thermal and similar zones
  /^core \d+$/i,
  /^acpitz$/i,
];

/** The best CPU temperature source among the candidates (pure): package first, ACPI last. */
export function pickTempSource(candidates: readonly TempCandidate[]): TempCandidate | undefined {
  for (const re of RANK) {
    const hit = candidates.find((c) => re.test(c.label.trim()));
    if (hit) return hit;
  }
  return undefined;
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function text(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Lists hwmon labels and thermal zones under `sysRoot` (a few small file reads, done once). */
export async function tempCandidates(sysRoot = '/sys'): Promise<TempCandidate[]> {
  const out: TempCandidate[] = [];
  const hwmon = join(sysRoot, 'class', 'hwmon');
  for (const mon of await list(hwmon)) {
    for (const f of await list(join(hwmon, mon))) {
      const m = /^(temp\d+)_label$/.exec(f);
      if (!m) continue;
      const label = await text(join(hwmon, mon, f));
      if (label) out.push({ label, path: join(hwmon, mon, `${m[1]}_input`) });
    }
  }
  const thermal = join(sysRoot, 'class', 'thermal');
  for (const zone of await list(thermal)) {
    if (!zone.startsWith('thermal_zone')) continue;
    const type = await text(join(thermal, zone, 'type'));
    if (type) out.push({ label: type, path: join(thermal, zone, 'temp') });
  }
  return out;
}

const cache = new Map<string, TempCandidate | null>();

/**
 * The CPU temperature in °C, or null without a sensor. The source is found once per
 * process and then one sysfs file is read per sample: no subprocess (systeminformation's
 * cpuTemperature spawns up to three shells per call, which alone broke the idle budget).
 */
export async function readCpuTemp(sysRoot = '/sys'): Promise<number | null> {
  let src = cache.get(sysRoot);
  if (src === undefined) {
    src = pickTempSource(await tempCandidates(sysRoot)) ?? null;
    cache.set(sysRoot, src);
  }
  if (src === null) return null;
  const raw = await text(src.path);
  const milli = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(milli) || milli <= 0) {
    cache.delete(sysRoot); // the sensor went away (driver reload): look again next time
    return null;
  }
  return Math.round(milli / 100) / 10;
}
