import { clock, code, dayTime, duration, html, joinHtml, size, type BackupProgress, type Html, type Text, type JobResult, type SnapshotInfo } from '@potion/jobs';
import { progressBar } from '../../runtime/outcome.js';
import type { Present } from '../types.js';

const num = (n: number): string => n.toLocaleString('id-ID');

/** The courier summary of a finished backup (PRD section 21 tone). */
export function backupSummary(r: JobResult<'backup.run'>): Text {
  if (!r.ran) return `Backup barusan sudah jalan, jadi tidak aku ulang 👍 Snapshot terbaru: ${r.snapshot}.`;
  const lines: Text[] = [
    `📦 Snapshot ${r.snapshot}${r.resumed ? ' (melanjutkan backup yang sempat terputus)' : ''}`,
    `🆕 ${num(r.newFiles)} file baru · ✏️ ${num(r.changedFiles)} berubah · 🗑️ ${num(r.deletedFiles)} dihapus`,
    `💾 Ditulis ${size(r.bytesWritten)} (isi snapshot ${size(r.totalBytes)}, ${num(r.files)} file)`,
    `⏱️ Durasi ${duration(r.durationMs, { seconds: true })}`,
    `🗄️ Sisa HDD ${size(r.hddFreeBytes)} dari ${size(r.hddSizeBytes)}`,
  ];
  if (r.pruned.length) lines.push(`🧹 Snapshot lama dibersihkan: ${r.pruned.join(', ')}`);
  if (r.restoreTest) lines.push(...restoreTestLines(r.restoreTest));
  lines.push(...warningLines(r));
  return joinHtml(lines);
}

type RestoreTest = NonNullable<JobResult<'backup.run'>['restoreTest']>;

/** "✅ terverifikasi + uji restore OK", or a loud ⚠️ with what it means and what to do. */
export function restoreTestLines(t: RestoreTest): string[] {
  if (t.ok) return [`✅ Terverifikasi + uji restore OK (${num(t.sampled)} file acak dikembalikan & sha256-nya cocok)`];
  const head = t.failed.length
    ? [`⚠️ Uji restore GAGAL: ${num(t.failed.length)} dari ${num(t.sampled)} file hasil restore TIDAK cocok dengan checksum-nya:`, ...t.failed.slice(0, 10).map((f) => `  • ${f}`)]
    : [`⚠️ Uji restore tidak bisa jalan: ${t.error ?? 'alasan tidak diketahui'}`];
  return [
    ...head,
    'Artinya: snapshot ini belum tentu bisa dipakai untuk restore (file di HDD bisa rusak).',
    'Yang aman dilakukan: jalankan 💾 Backup → Verify (cek penuh), cek kesehatan HDD di 📊 Status → 🔍 Detail, dan JANGAN hapus snapshot lama dulu.',
  ];
}

export function warningLines(r: JobResult<'backup.run'>): Text[] {
  const out: Text[] = [];
  if (r.warnings.failed.length) {
    out.push(`⚠️ ${r.warnings.failed.length} file TIDAK ikut ter-backup (tidak bisa dibaca):`, ...r.warnings.failed.slice(0, 10).map((f) => `  • ${f}`));
    out.push(html`Cek izin file-nya (misalnya ${code('ls -l')} lalu ${code('sudo chown')}), lalu backup lagi.`);
  }
  if (r.warnings.vanished.length) {
    out.push(`ℹ️ ${r.warnings.vanished.length} file hilang saat disalin (dihapus program lain waktu backup jalan):`, ...r.warnings.vanished.slice(0, 10).map((f) => `  • ${f}`));
  }
  return out;
}

export function busyText(p: BackupProgress, timeZone: string): string {
  return `Backup lagi jalan nih ⏳ (mulai ${clock(p.startedAt, timeZone)})\n${progressBar(p.percent)} ${p.label}\nTunggu selesai dulu ya, nanti hasilnya aku kabari.`;
}

function verifiedMark(s: SnapshotInfo): string {
  if (s.status === 'partial') return '⚠️ sebagian';
  if (!s.verified) return '❔ belum dicek';
  return s.verified.ok ? `✅ cocok (${s.verified.mode})` : '❌ ada yang rusak';
}

export function listText(r: JobResult<'backup.list'>, timeZone: string): string {
  const lines: string[] = ['💾 Backup di HDD'];
  if (!r.hdd.mounted) lines.push(`⚠️ HDD belum ter-mount di ${r.hdd.mount}`);
  else lines.push(`🗄️ Sisa HDD ${size(r.hdd.freeBytes)} dari ${size(r.hdd.sizeBytes)}`);
  if (r.running) lines.push(`⏳ Sedang backup: ${progressBar(r.running.percent)} ${r.running.label}`);
  lines.push(`⏰ Jadwal harian ${r.time}${r.nextRunAt ? ` · berikutnya ${dayTime(r.nextRunAt, timeZone)}` : ''}`);
  if (r.snapshots.length === 0) lines.push('', 'Belum ada snapshot. Tekan Backup now untuk bikin yang pertama.');
  else {
    lines.push('', `📦 ${r.snapshots.length} snapshot (terbaru di atas):`);
    for (const s of [...r.snapshots].reverse().slice(0, 20)) {
      lines.push(`${s.name} · ${size(s.totalBytes)} · ${num(s.files)} file · ${verifiedMark(s)}`);
    }
  }
  return lines.join('\n');
}

/** Rows of buttons under a result; OutboxMessage['buttons'] shape. */
export type ButtonRows = Array<Array<{ text: string; data: string }>>;
/** How many snapshots get their own ♻️ Restore / 🔍 Cek row under the list. */
export const LIST_BUTTON_ROWS = 8;

/**
 * Buttons under the list, newest first: ♻️ Restore and 🔍 Cek per snapshot. The callback
 * data `bk:r|c|f:<snapshot>` is read by the bot's 💾 Backup menu (apps/bot/src/callback-data.ts).
 */
export function listButtons(r: JobResult<'backup.list'>): ButtonRows {
  return [...r.snapshots]
    .reverse()
    .slice(0, LIST_BUTTON_ROWS)
    .map((s) => [
      { text: `♻️ Restore ${s.name}`, data: `bk:r:${s.name}` },
      { text: `🔍 Cek ${s.name}`, data: `bk:c:${s.name}` },
    ]);
}

/** After a quick check: a button for the full check (every byte) of the same snapshot. */
export function verifyButtons(r: JobResult<'backup.verify'>): ButtonRows {
  return r.mode === 'quick' ? [[{ text: '🔬 Cek penuh (semua byte)', data: `bk:f:${r.snapshot}` }]] : [];
}

export function verifyText(r: JobResult<'backup.verify'>): string {
  const head = r.mode === 'full' ? 'cek penuh (semua byte)' : `cek cepat (ukuran semua file + ${num(r.hashedFiles)} file di-hash)`;
  if (r.ok) return `Checksum snapshot ${r.snapshot} cocok semua ✅\n${head}: ${num(r.checkedFiles)} file, ${size(r.hashedBytes)} dibaca, ${duration(r.durationMs, { seconds: true })}.`;
  const lines = [`❌ Snapshot ${r.snapshot} TIDAK cocok dengan manifest-nya (${head}).`];
  const block = (label: string, names: string[], count: number) => {
    if (count === 0) return;
    lines.push(`${label} (${count}):`, ...names.slice(0, 15).map((n) => `  • ${n}`));
    if (count > 15) lines.push(`  … dan ${count - 15} lagi`);
  };
  block('🔧 Berubah/rusak', r.changed, r.counts.changed);
  block('🕳️ Hilang', r.missing, r.counts.missing);
  block('➕ Tambahan', r.extra, r.counts.extra);
  lines.push('Snapshot lain tidak terpengaruh kecuali file yang sama (hard link). Backup baru akan menyalin ulang file yang rusak kalau sumbernya masih bagus.');
  return lines.join('\n');
}

export function restoreText(r: JobResult<'backup.restore'>): string {
  const lines = [
    `♻️ Restore dari snapshot ${r.snapshot}${r.path ? ` (${r.path})` : ''} selesai.`,
    `🆕 ${num(r.createdFiles)} dibuat · ✏️ ${num(r.updatedFiles)} diperbarui · 🗑️ ${num(r.deletedFiles)} dihapus · ${size(r.bytesCopied)} disalin`,
    `🛟 Kondisi sebelum restore disimpan di snapshot ${r.safetySnapshot} (kalau mau balik lagi).`,
  ];
  for (const s of r.services) lines.push(`${s.started ? '✅' : '❌'} ${s.unit}: ${s.stopped ? (s.started ? 'dimatikan lalu dinyalakan lagi' : 'dimatikan, GAGAL dinyalakan lagi — cek di 🧰 Kontrol') : 'tidak sedang jalan, tidak disentuh'}`);
  if (r.skipped.length) lines.push(`ℹ️ Tidak dikembalikan (ambil manual per file kalau perlu): ${r.skipped.join(', ')}`);
  lines.push(`⏱️ Durasi ${duration(r.durationMs, { seconds: true })}`);
  return lines.join('\n');
}

/** The alert every admin gets when a scheduled backup ends with files it could not copy. */
export function scheduledWarningsText(r: JobResult<'backup.run'>): Html {
  return joinHtml([`⚠️ Backup terjadwal ${r.snapshot} selesai tapi ada catatan:`, ...warningLines(r)]);
}

/** The alert every admin gets when a scheduled backup failed for good. */
export function scheduledFailedText(why: Text, requestId: string): Html {
  return html`🚨 Backup terjadwal GAGAL ❌\n${why}\n(kode: ${requestId})`;
}

/** The alert every admin gets when the restore test fails (the chat result says it too). */
export function restoreTestAlert(snapshot: string, t: RestoreTest): string {
  return [`🚨 Backup ${snapshot} selesai, tapi uji restore-nya gagal.`, ...restoreTestLines(t)].join('\n');
}

// A backup that was tested and went well arrives without a sound; anything else rings.
export const presentRun: Present<'backup.run'> = (r) => ({ text: backupSummary(r), ...(r.restoreTest?.ok && r.status === 'ok' ? { silent: true } : {}) });

export const presentPrune: Present<'backup.prune'> = (r) =>
  ({ text: r.removed.length ? `🧹 ${r.removed.length} snapshot lama dihapus (${r.removed.join(', ')}). Tersisa ${r.kept.length}.` : `Tidak ada yang perlu dihapus. Tersimpan ${r.kept.length} snapshot.` });

export const presentList: Present<'backup.list'> = (r, _data, { config }) => {
  const buttons = listButtons(r);
  return { text: listText(r, config.timezone), raw: true, ...(buttons.length ? { buttons } : {}) };
};

export const presentSchedule: Present<'backup.schedule'> = (r, _data, { config }) => ({ text: `⏰ Backup harian sekarang jam ${r.time} (${config.timezone}). Berikutnya: ${dayTime(r.nextRunAt, config.timezone)}.` });

export const presentVerify: Present<'backup.verify'> = (r) => {
  const buttons = verifyButtons(r);
  return { text: verifyText(r), raw: true, ...(buttons.length ? { buttons } : {}) };
};

export const presentRestore: Present<'backup.restore'> = (r) => ({ text: restoreText(r) });

/** Where an interrupted restore was going: the snapshot, the one path asked for, the request code. */
export interface RestoreAt {
  snapshot: string;
  path?: string;
  code: string;
}

const restoreWhat = (a: RestoreAt) => `${a.snapshot}${a.path ? ` (${a.path})` : ''}`;
const restoreAgain = (a: RestoreAt) => `💾 Backup → Restore list → ♻️ Restore ${a.snapshot}`;

/** The notices of a backup or restore whose worker died (jobs/backup/interrupted.ts decides which). */
export const interruptedTexts = {
  backup: (request: string): Html =>
    html`⚠️ Backup terputus ❌: worker/server mati di tengah backup, lalu mati lagi waktu backup-nya aku lanjutkan ${request}.\nYang sudah tersalin tetap di HDD (belum dihitung sebagai snapshot) dan snapshot lama aman. Backup berikutnya melanjutkan dari situ.\nYang perlu dilakukan: tekan 💾 Backup → Backup now untuk melanjutkan sekarang. Kalau terputus lagi, cek daya/listrik laptop dan ${code('journalctl -b -1')} untuk tahu kenapa mati.`,
  /** The alert every admin gets when the interrupted backup was a scheduled one. */
  scheduledBackup: (text: Text): Html => html`🚨 Backup terjadwal GAGAL ❌\n${text}`,
  restoreHddUnreadable: (a: RestoreAt & { hddMount: string }): Html =>
    html`⚠️ Restore dari snapshot ${restoreWhat(a)} terputus di tengah jalan (worker/server sempat mati) ${a.code}, dan HDD-nya sekarang tidak bisa aku baca.\nRestore ini sengaja TIDAK diulang otomatis. Pasang/mount HDD-nya dulu (${code(`findmnt ${a.hddMount}`)}), lalu buka 💾 Backup → Restore list untuk melihat snapshot pengaman (kondisi sebelum restore).`,
  restoreBeforeSafety: (a: RestoreAt): string =>
    `⚠️ Restore dari snapshot ${restoreWhat(a)} terputus waktu aku menyimpan kondisi sekarang (worker/server sempat mati) ${a.code}.\n` +
    `Snapshot pengaman belum jadi, tapi belum ada file yang dikembalikan: file kamu masih seperti sebelum restore dan service tidak disentuh.\n` +
    `Kalau masih mau restore, ulangi dari ${restoreAgain(a)}.`,
  restoreHalfDone: (a: RestoreAt & { safety: string; stoppedUnits: readonly string[] }): string =>
    [
      `⚠️ Restore dari snapshot ${restoreWhat(a)} terputus di tengah jalan (worker/server sempat mati) ${a.code}.`,
      `Sebagian file sudah dikembalikan ke versi ${a.snapshot}, sebagian lagi mungkin masih versi sebelum restore. Restore ini sengaja TIDAK diulang otomatis.`,
      `🛟 Kondisi sebelum restore aman di snapshot pengaman ${a.safety}.`,
      'Pilih salah satu:',
      `• selesaikan restore-nya: ulangi dari ${restoreAgain(a)}, atau`,
      `• kembali ke kondisi sebelum restore: 💾 Backup → Restore list → ♻️ Restore ${a.safety}.`,
      ...(a.stoppedUnits.length ? [`Service yang dimatikan selama restore (${a.stoppedUnits.join(', ')}) mungkin masih mati: cek dan nyalakan di 🧰 Kontrol.`] : []),
    ].join('\n'),
};
