import { duration, type OffsiteLast } from '@potion/jobs';

const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** "Minggu 05:00": OFFSITE_SCHEDULE as the user reads it. */
export const scheduleWords = (s: { weekday: number; time: string }): string => `${HARI[s.weekday] ?? '?'} ${s.time}`;

/**
 * "☁️ Off-site terakhir: ..." for 📊 Status and the daily digest (pure). Undefined when the
 * off-site copy is off and `whenOff` is not asked for.
 */
export function offsiteLine(i: { last: OffsiteLast | undefined; now: number; enabled: boolean; schedule: { weekday: number; time: string }; whenOff?: boolean }): string | undefined {
  if (!i.enabled) return i.whenOff ? '☁️ Off-site: belum diatur, jadi HDD ini satu-satunya salinan (panduan: bagian "Salinan off-site").' : undefined;
  const l = i.last;
  if (!l) return `☁️ Off-site terakhir: belum pernah (jadwal ${scheduleWords(i.schedule)}).`;
  const ago = duration(i.now - l.at);
  if (!l.ok) return `☁️ Off-site terakhir GAGAL ${ago} lalu ❌ ${l.error ?? ''}`.trimEnd();
  const stale = i.now - l.at > 8 * 24 * 3600_000 ? ' ⚠️ sudah lebih dari seminggu' : '';
  return `☁️ Off-site terakhir: ${ago} lalu (snapshot ${l.snapshot ?? '?'}), ${l.matched ? 'rclone check cocok ✅' : 'rclone check TIDAK cocok ❌'}${stale}`;
}
