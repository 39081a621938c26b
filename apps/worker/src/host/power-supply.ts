import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PowerState } from '@potion/jobs';

/** The files of one /sys/class/power_supply/<name> folder (trimmed text, missing: undefined). */
export type SupplyFiles = Partial<Record<'type' | 'online' | 'present' | 'capacity' | 'status' | 'energy_now' | 'power_now' | 'charge_now' | 'current_now', string>>;

const FILES = ['type', 'online', 'present', 'capacity', 'status', 'energy_now', 'power_now', 'charge_now', 'current_now'] as const;

const num = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);

/**
 * AC and battery state from the power_supply folders (pure). Null when there is no battery
 * (a desktop). `acOnline` comes from a `Mains` supply; without one, from the battery status.
 * `minutesLeft` is energy_now / power_now (µWh / µW) or charge_now / current_now (µAh / µA)
 * while discharging; null when the driver reports no rate.
 */
export function parsePowerSupply(supplies: readonly SupplyFiles[]): PowerState | null {
  const bats = supplies.filter((s) => s.type === 'Battery' && s.present !== '0' && num(s.capacity) !== undefined);
  if (bats.length === 0) return null;
  const mains = supplies.filter((s) => s.type === 'Mains');
  const discharging = bats.some((b) => b.status === 'Discharging');
  const acOnline = mains.length > 0 ? mains.some((m) => m.online === '1') : !discharging;
  const capacity = Math.round(bats.reduce((sum, b) => sum + (num(b.capacity) ?? 0), 0) / bats.length);
  let hours: number | null = null;
  let left = 0;
  let rate = 0;
  for (const b of bats) {
    const e = num(b.energy_now);
    const p = num(b.power_now);
    const c = num(b.charge_now);
    const i = num(b.current_now);
    if (e !== undefined && p !== undefined) {
      left += e;
      rate += Math.abs(p);
    } else if (c !== undefined && i !== undefined) {
      left += c;
      rate += Math.abs(i);
    }
  }
  if (!acOnline && rate > 0) hours = left / rate;
  const status = bats[0]?.status ?? 'Unknown';
  return {
    acOnline,
    batteryPercent: Math.max(0, Math.min(100, capacity)),
    status,
    minutesLeft: hours === null ? null : Math.round(hours * 60),
  };
}

/** Reads /sys/class/power_supply under `sysRoot` (a few small files; no subprocess). */
export async function readPowerSupply(sysRoot = '/sys'): Promise<PowerState | null> {
  const base = join(sysRoot, 'class', 'power_supply');
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return null;
  }
  const supplies = await Promise.all(
    names.map(async (name) => {
      const out: SupplyFiles = {};
      await Promise.all(
        FILES.map(async (f) => {
          try {
            out[f] = (await readFile(join(base, name, f), 'utf8')).trim();
          } catch {
            // not every driver has every file
          }
        }),
      );
      return out;
    }),
  );
  return parsePowerSupply(supplies);
}
