/** Small helpers for what the user reads on a phone (times, sizes, durations: @potion/jobs format). */

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

/** Cuts a line for a phone screen, marking the cut. */
export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
