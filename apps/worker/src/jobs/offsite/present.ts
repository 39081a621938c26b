import { duration, formatNumber, size } from '@potion/jobs';
import type { JobResult, OffsiteLast } from '@potion/jobs';
import type { Present } from '../types.js';
import { scheduleWords } from '../../offsite/line.js';

export { offsiteLine, scheduleWords } from '../../offsite/line.js';

type Result = JobResult<'offsite.run'>;

const num = (n: number): string => formatNumber(n);

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

