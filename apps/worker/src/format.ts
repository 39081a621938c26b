/** Small formatting helpers for what the user reads on a phone. */

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

export function duration(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return `${d} hari ${h} jam`;
  if (h > 0) return `${h} jam ${m} menit`;
  return `${m} menit`;
}

export function serviceIcon(active: string, found: boolean): string {
  if (!found) return '❔';
  if (active === 'active') return '✅';
  if (active === 'failed') return '❌';
  if (active === 'activating' || active === 'reloading' || active === 'deactivating') return '⏳';
  return '⏸️';
}
