import { duration, formatNumber, size, buttons, type BackupProgress, type JobResult, type SnapshotInfo, clock, code, dayTime, html, joinHtml, type Html, type Text } from '@potion/jobs';
import { progressBar } from '../../runtime/outcome.js';
import type { Present } from '../types.js';

const num = (n: number): string => formatNumber(n);

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
  if (r.dumps?.length) lines.push(`🗄️ Database di-dump & lolos cek integritas: ${r.dumps.map((d) => `${d.source} (${size(d.bytes)})`).join(', ')}`);
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
 * Buttons under the list, newest first: ♻️ Restore, 🔍 Cek and 📂 Buka per snapshot
 * (buttons.backup, read by the bot's 💾 Backup menu).
 */
export function listButtons(r: JobResult<'backup.list'>): ButtonRows {
  return [...r.snapshots]
    .reverse()
    .slice(0, LIST_BUTTON_ROWS)
    .map((s) => [
      { text: `♻️ Restore ${s.name}`, data: buttons.backup.build({ kind: 'snapshot', act: 'r', snapshot: s.name }) },
      { text: `🔍 Cek ${s.name}`, data: buttons.backup.build({ kind: 'snapshot', act: 'c', snapshot: s.name }) },
      { text: '📂 Buka', data: buttons.backup.build({ kind: 'snapshot', act: 'o', snapshot: s.name }) },
    ]);
}

/** After a quick check: a button for the full check (every byte) of the same snapshot. */
export function verifyButtons(r: JobResult<'backup.verify'>): ButtonRows {
  return r.mode === 'quick' ? [[{ text: '🔬 Cek penuh (semua byte)', data: buttons.backup.build({ kind: 'snapshot', act: 'f', snapshot: r.snapshot }) }]] : [];
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

/** ActiveState in casual words. */
const stateWords: Record<string, string> = { active: 'aktif', activating: 'sedang menyala', failed: 'GAGAL (failed)', inactive: 'mati (inactive)' };

/** One service of a restore: stopped and running again, stopped and not running, or untouched. */
export function serviceLine(s: JobResult<'backup.restore'>['services'][number]): string {
  if (!s.stopped) return `➖ ${s.unit}: tidak sedang jalan, tidak disentuh`;
  const state = s.state ?? (s.started ? 'active' : 'failed');
  const words = stateWords[state] ?? state;
  if (s.started) return `✅ ${s.unit}: dihentikan selama restore, sekarang ${words} lagi`;
  return `❌ ${s.unit}: dihentikan selama restore, sekarang ${words} — cek di 🧰 Kontrol (\`systemctl status ${s.unit}\`)`;
}

/** What happened to each database dump: put back in place, or where it waits and how to load it. */
function restoredDatabaseLines(dbs: NonNullable<JobResult<'backup.restore'>['databases']>): string[] {
  const lines: string[] = [];
  for (const d of dbs.filter((x) => x.restored)) lines.push(`🗄️ Database ${d.source} dikembalikan dari dump-nya (salinan utuh, lolos cek integritas).`);
  const left = dbs.filter((x) => !x.restored && x.kind === 'sqlite');
  if (left.length) {
    lines.push('ℹ️ Dump database ini TIDAK dipasang (di luar yang di-restore), masih aman di snapshot:');
    for (const d of left) lines.push(`  • ${d.source}: ${d.dump}`);
    lines.push('Cara memasangnya: matikan service yang memakai database itu, salin dump-nya ke path database (cp DUMP PATH), hapus file PATH-wal dan PATH-shm kalau ada, lalu nyalakan lagi service-nya.');
  }
  const pg = dbs.filter((x) => x.kind === 'pg');
  if (pg.length) {
    lines.push('ℹ️ Database PostgreSQL TIDAK aku timpa otomatis (isinya bisa lebih baru dari snapshot). Dump-nya ada di snapshot:');
    for (const d of pg) lines.push(`  • ${d.source}: ${d.dump}`);
    lines.push('Cara memasangnya: matikan service yang memakai database itu, lalu: sudo -u postgres pg_restore --clean --if-exists -d NAMA DUMP');
  }
  return lines;
}

export function restoreText(r: JobResult<'backup.restore'>): string {
  const lines = [
    `♻️ Restore dari snapshot ${r.snapshot}${r.path ? ` (${r.path})` : ''} selesai.`,
    `🆕 ${num(r.createdFiles)} dibuat · ✏️ ${num(r.updatedFiles)} diperbarui · 🗑️ ${num(r.deletedFiles)} dihapus · ${size(r.bytesCopied)} disalin`,
    `🛟 Kondisi sebelum restore disimpan di snapshot ${r.safetySnapshot} (kalau mau balik lagi).`,
  ];
  for (const s of r.services) lines.push(serviceLine(s));
  if (r.skipped.length) lines.push(`ℹ️ Tidak dikembalikan (ambil manual per file kalau perlu): ${r.skipped.join(', ')}`);
  lines.push(...restoredDatabaseLines(r.databases ?? []));
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

// The snapshot list and a verification are readings (which snapshots, which files differ), with
// buttons under them: no PRD §21 "Beres!" (raw). backup.run, restore, prune and schedule use it.
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
