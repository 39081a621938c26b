import { duration, size } from '@potion/jobs';
import type { JobResult, OffsiteLast } from '@potion/jobs';
import type { Present } from '../types.js';

type Result = JobResult<'offsite.run'>;

const num = (n: number): string => n.toLocaleString('id-ID');
const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** "Minggu 05:00": OFFSITE_SCHEDULE as the user reads it. */
export const scheduleWords = (s: { weekday: number; time: string }): string => `${HARI[s.weekday] ?? '?'} ${s.time}`;

/** The rclone check line: how many files matched, and how they were compared. */
export function checkLine(c: Result['check']): string {
  if (!c.matched) return `❌ rclone check: ${num(c.differences)} file beda${c.missing ? ` (${num(c.missing)} belum ada di remote)` : ''}`;
  return `✅ rclone check: ${num(c.matching)} file cocok${c.sizeOnly ? ' (remote ini tidak menyimpan checksum, jadi yang dibandingkan ukurannya)' : ''}`;
}

/** The courier summary of a finished off-site copy (PRD section 21 tone; run-job adds "Beres! ✅"). */
export function offsiteSummary(r: Result): string {
  const lines = [
    `☁️ Snapshot ${r.snapshot} sudah ada di off-site (${r.target})${r.crypt ? ' · 🔒 terenkripsi (crypt)' : ''}`,
    r.sentFiles > 0 ? `📤 Dikirim ${size(r.sentBytes)} (${num(r.sentFiles)} file baru/berubah) · isi snapshot ${size(r.totalBytes)}, ${num(r.files)} file` : `📤 Tidak ada yang perlu dikirim: isi remote sudah sama (${size(r.totalBytes)}, ${num(r.files)} file)`,
    checkLine(r.check),
    `⏱️ Durasi ${duration(r.durationMs, { seconds: true })}`,
  ];
  if (r.verifiedNow) lines.push('🔍 Snapshot ini belum pernah dicek, jadi aku verifikasi dulu sebelum dikirim: cocok.');
  if (r.skipped.length) lines.push(`⚠️ Dilewati karena verifikasinya GAGAL: ${r.skipped.join(', ')}. Cek di 💾 Backup → 🔍 Verifikasi checksum.`);
  return lines.join('\n');
}

export const presentOffsite: Present<'offsite.run'> = (r) => ({ text: offsiteSummary(r), silent: true });

/** Every admin's alert when the weekly copy failed on its last try. */
export function scheduledOffsiteFailedText(why: string, requestId: string): string {
  return `🚨 Salinan off-site mingguan GAGAL ❌\n${why}\nCoba lagi lewat 💾 Backup → ☁️ Kirim off-site sekarang.\n(kode: ${requestId})`;
}

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
