/** Indonesian, short: "12 detik lalu", "3 menit lalu", "2 jam lalu", "4 hari lalu". */
import { duration } from '@potion/jobs';

export { duration };
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} detik lalu`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} menit lalu`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} jam lalu`;
  return `${Math.round(h / 24)} hari lalu`;
}


/** Binary units, one decimal, Indonesian decimal comma: "3,4 GB". */
export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toLocaleString('id-ID', { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

export function percent(n: number): string {
  return `${n.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`;
}

/** A wall-clock time in the user's time zone, e.g. "25 Nov 2026, 02.30". */
export function clock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}
