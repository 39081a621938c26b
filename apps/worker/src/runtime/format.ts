/** Small formatting helpers for what the user reads on a phone. */
import { duration } from '@potion/jobs';

export { duration };

export function gb(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return g >= 100 ? `${g.toFixed(0)} GB` : `${g.toFixed(1)} GB`;
}

export function gauge(percent: number): string {
  if (percent >= 90) return '🔴';
  if (percent >= 75) return '🟠';
  if (percent >= 50) return '🟡';
  return '🟢';
}


export function serviceIcon(active: string, found: boolean): string {
  if (!found) return '❔';
  if (active === 'active') return '✅';
  if (active === 'failed') return '❌';
  if (active === 'activating' || active === 'reloading' || active === 'deactivating') return '⏳';
  return '⏸️';
}

export function mb(bytes: number): string {
  const m = bytes / 1024 ** 2;
  return m >= 1024 ? gb(bytes) : `${m >= 10 ? m.toFixed(0) : m.toFixed(1)} MB`;
}

/** Cuts a line for a phone screen, marking the cut. */
export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "10:04" or "25/11 10:04" in the configured time zone. */
export function clock(ms: number, timeZone: string, withDate = false): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '00';
  const hm = `${get('hour')}:${get('minute')}`;
  return withDate ? `${get('day')}/${get('month')} ${hm}` : hm;
}

/** "45 detik", "3 menit", "2 jam 5 menit". */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} detik`;
  return duration(s);
}
