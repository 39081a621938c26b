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

/** "14:02" in the user's time zone (24-hour, colon, like the bot). */
export function hhmm(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

const dayKey = (ms: number, timeZone: string) => new Date(ms).toLocaleDateString('en-CA', { timeZone });

/** A moment as a person says it: "14:02" today, "kemarin 14:02", else "3 Des 14:02". */
export function localTime(ms: number, now: number, timeZone: string): string {
  const day = dayKey(ms, timeZone);
  if (day === dayKey(now, timeZone)) return hhmm(ms, timeZone);
  if (day === dayKey(now - 86_400_000, timeZone)) return `kemarin ${hhmm(ms, timeZone)}`;
  const date = new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'short' }).format(new Date(ms));
  return `${date} ${hhmm(ms, timeZone)}`;
}

/** "14:02, 3 jam lalu": the local time and the age, for "sejak …" and "… terakhir". */
export function whenAgo(ms: number, now: number, timeZone: string): string {
  return `${localTime(ms, now, timeZone)}, ${ago(now - ms)}`;
}
