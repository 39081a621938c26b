import { clock, localDay } from '@potion/jobs';

/** What the admins read about mutes (casual Indonesian). Times in TIMEZONE. */
const what = (id: string) => (id === 'all' ? 'semua alert (mode perawatan)' : `alert "${id}"`);

/** "15:00" today, "besok 07:00" or "26/11 07:00" further off. */
export function whenText(until: number, now: number, timeZone: string): string {
  if (localDay(until, timeZone) === localDay(now, timeZone)) return clock(until, timeZone);
  if (localDay(until, timeZone) === localDay(now + 24 * 3600_000, timeZone)) return `besok ${clock(until, timeZone)}`;
  return clock(until, timeZone, { date: true });
}

export const muteTexts = {
  /** `until` 0: the mute was lifted (no time to show). */
  set: (id: string, until: number, timeZone: string, now: number) =>
    until === 0
      ? `🔔 Oke, ${what(id)} aktif lagi sekarang.`
      : `🔕 Oke, ${what(id)} aku bisukan sampai ${whenText(until, now, timeZone)}. Kalau yang sudah dikabari kembali normal, tetap aku kabari; begitu bisukan selesai aku kasih tahu.`,
  ended: (id: string, until: number, timeZone: string) =>
    `🔔 Bisukan ${what(id)} sudah selesai (sampai ${clock(until, timeZone)}). Alertnya aktif lagi; kalau masih ada masalah, aku kabari seperti biasa.`,
  banner: (mutes: readonly { id: string; until: number; by: 'user' | 'backup' }[], now: number, timeZone: string) =>
    mutes.length === 0
      ? undefined
      : `🔕 Dibisukan: ${mutes.map((m) => (m.by === 'backup' ? `${m.id} (selama backup jalan)` : `${m.id === 'all' ? 'SEMUA alert (mode perawatan)' : m.id} s/d ${whenText(m.until, now, timeZone)}`)).join(', ')}`,
} as const;
