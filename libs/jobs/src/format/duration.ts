/** How long something took or lasted, in casual Indonesian (the one duration wording). */

export interface DurationOptions {
  /** Keep the seconds under an hour ("3 menit 12 detik"), for a backup's run time. Default false. */
  seconds?: boolean;
}

/** "45 detik", "12 menit", "2 jam 5 menit", "3 hari 4 jam"; a zero last part is left out ("2 jam"). */
export function duration(ms: number, opts: DurationOptions = {}): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return `${sec} detik`;
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (d > 0) return h > 0 ? `${d} hari ${h} jam` : `${d} hari`;
  if (h > 0) return m > 0 ? `${h} jam ${m} menit` : `${h} jam`;
  if (opts.seconds && s > 0) return `${m} menit ${s} detik`;
  return `${m} menit`;
}

/** "12 detik lalu", "3 menit lalu", "2 jam lalu", "4 hari lalu" (rounded, for a glance). */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} detik lalu`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} menit lalu`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} jam lalu`;
  return `${Math.round(h / 24)} hari lalu`;
}

/** "~45 menit", "~2 jam", or null when unknown (what a battery may still last). */
export function approxMinutes(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes < 60) return `~${Math.max(1, Math.round(minutes))} menit`;
  return `~${Math.round(minutes / 60)} jam`;
}
