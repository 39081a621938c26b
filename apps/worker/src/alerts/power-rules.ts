import { toHtml, type HostSample } from '@potion/jobs';
import { alertTexts } from './texts.js';
import type { Observation } from './types.js';

export const POWER_ALERT = 'power';
export const BATTERY_ALERT = 'battery';

/**
 * Minutes of battery left: the driver's figure, else the capacity trend since the previous
 * sample on battery (pure). Null when neither says anything yet.
 */
export function minutesLeft(s: HostSample, previous: HostSample | undefined): number | null {
  const p = s.power;
  if (!p || p.acOnline) return null;
  if (p.minutesLeft !== null) return p.minutesLeft;
  const q = previous?.power;
  if (!q || q.acOnline || !previous) return null;
  const dropped = q.batteryPercent - p.batteryPercent;
  const dtMin = (s.at - previous.at) / 60_000;
  if (dropped <= 0 || dtMin <= 0) return null;
  return Math.round(p.batteryPercent / (dropped / dtMin));
}

/**
 * AC and battery (pure): `power` is bad while the laptop runs on battery, `battery` is bad
 * at or below the critical level on battery and clears only when the AC is back. Nothing
 * without a battery (a desktop).
 */
export function observePower(s: HostSample, previous: HostSample | undefined, criticalPercent: number): Observation[] {
  const p = s.power;
  if (!p) return [];
  const left = minutesLeft(s, previous);
  const critical = !p.acOnline && p.batteryPercent <= criticalPercent;
  return [
    {
      id: POWER_ALERT,
      family: 'power',
      level: p.acOnline ? 'clear' : 'bad',
      forMs: 0,
      text: toHtml(alertTexts.powerCut(p.batteryPercent, left, criticalPercent)),
      label: 'Listrik',
    },
    {
      id: BATTERY_ALERT,
      family: 'power',
      level: p.acOnline ? 'clear' : critical ? 'bad' : 'hold',
      forMs: 0,
      text: toHtml(alertTexts.batteryCritical(p.batteryPercent, criticalPercent)),
      label: 'Baterai',
    },
  ];
}
