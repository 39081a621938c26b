import type { AlertConfig } from '@potion/platform';
import { duration } from '../format/duration.js';
import { TUNABLE_IDS, TUNABLES, type TunableId } from './catalog.js';

/** What the thresholds are read from and written into: the alert settings and the probe window. */
export interface TunedConfig {
  alerts: AlertConfig;
  probeForMs: number;
}

/** Values set from the chat, by id, in each value's unit. */
export type Overrides = Partial<Record<TunableId, number>>;

/** The value in the config, in the tunable's unit (the `.env` config gives the default of record). */
export function valueIn(id: TunableId, config: TunedConfig): number {
  const t = TUNABLES[id];
  const raw = t.slot.in === 'probe' ? config.probeForMs : t.slot.in === 'margins' ? config.alerts.margins[t.slot.key] : config.alerts[t.slot.key];
  return Math.round(raw / t.scale);
}

/** The config with the overrides applied (the `.env` values for the rest); the input is not changed. */
export function applyTuning<C extends TunedConfig>(config: C, overrides: Overrides): C {
  const alerts: AlertConfig = { ...config.alerts, margins: { ...config.alerts.margins } };
  let probeForMs = config.probeForMs;
  for (const id of TUNABLE_IDS) {
    const v = overrides[id];
    if (v === undefined) continue;
    const t = TUNABLES[id];
    const raw = v * t.scale;
    if (t.slot.in === 'probe') probeForMs = raw;
    else if (t.slot.in === 'margins') alerts.margins[t.slot.key] = raw;
    else alerts[t.slot.key] = raw;
  }
  return { ...config, alerts, probeForMs };
}

/** Whether `value` is a whole number inside the range of `id`. */
export const inRange = (id: TunableId, value: number): boolean => Number.isInteger(value) && value >= TUNABLES[id].min && value <= TUNABLES[id].max;

/**
 * The overrides kept in Redis (hash field = id, value = the number as text). Unknown fields
 * and values outside the range are left out and named in `rejected`: Redis is not trusted
 * for what did not come through the bot's confirmation.
 */
export function readOverrides(hash: Record<string, string>): { overrides: Overrides; rejected: string[] } {
  const overrides: Overrides = {};
  const rejected: string[] = [];
  for (const [field, text] of Object.entries(hash)) {
    const id = TUNABLE_IDS.find((x) => x === field);
    const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (id === undefined || !inRange(id, value)) rejected.push(field);
    else overrides[id] = value;
  }
  return { overrides, rejected };
}

/** "85%", "500 MB", "85°C", "5 kali", "300 detik (5 menit)", "90 menit (1 jam 30 menit)". */
export function showValue(id: TunableId, value: number): string {
  const t = TUNABLES[id];
  if (t.unit === '%' || t.unit === '°C') return `${value}${t.unit}`;
  if (t.unit === 'detik' && value >= 60) return `${value} detik (${duration(value * 1000)})`;
  if (t.unit === 'menit' && value >= 60) return `${value} menit (${duration(value * 60_000)})`;
  return `${value} ${t.unit}`;
}

/** "1–100%", "0–86400 detik": the allowed range as the error and the page say it. */
export function showRange(id: TunableId): string {
  const t = TUNABLES[id];
  return t.unit === '%' || t.unit === '°C' ? `${t.min}–${t.max}${t.unit}` : `${t.min}–${t.max} ${t.unit}`;
}
