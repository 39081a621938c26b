import { texts, type JobData } from '@potion/jobs';
import { listSnapshots } from '../../backup/layout.js';
import { clearRunning } from '../../backup/state.js';
import type { InterruptedInfo } from '../types.js';
import { alertAdmins } from '../../runtime/admins.js';

const code = (info: InterruptedInfo) => texts.requestCode(info.meta.requestId);

/**
 * A backup whose worker died twice (the run and its resume: the backup queue allows one
 * stall). What was copied stays as the partial that the next backup resumes; older
 * snapshots are untouched. Clears the dead run's running mark; a scheduled backup alerts
 * every admin as a failed one does.
 */
export async function backupInterrupted(data: JobData<'backup.run'>, info: InterruptedInfo): Promise<string> {
  await clearRunning(info.redis, info.meta.requestId);
  const text =
    `⚠️ Backup terputus ❌: worker/server mati di tengah backup, lalu mati lagi waktu backup-nya aku lanjutkan ${code(info)}.\n` +
    `Yang sudah tersalin tetap di HDD (belum dihitung sebagai snapshot) dan snapshot lama aman. Backup berikutnya melanjutkan dari situ.\n` +
    `Yang perlu dilakukan: tekan 💾 Backup → Backup now untuk melanjutkan sekarang. Kalau terputus lagi, cek daya/listrik laptop dan \`journalctl -b -1\` untuk tahu kenapa mati.`;
  if (data.trigger !== 'manual') {
    await alertAdmins({ ...info, requestId: info.meta.requestId }, `🚨 Backup terjadwal GAGAL ❌\n${text}`, 'backup-fail');
  }
  return text;
}

/**
 * A restore whose worker died. The run first writes the safety snapshot (the current state),
 * then stops services and copies: a complete safety snapshot made by this request (its summary
 * names the request) means files may
 * be half restored; none means nothing was touched yet (a cut during the safety snapshot
 * leaves only a `.partial-*`, which the next backup resumes).
 */
export async function restoreInterrupted(data: JobData<'backup.restore'>, info: InterruptedInfo): Promise<string> {
  await clearRunning(info.redis, info.meta.requestId);
  const what = `${data.snapshot}${data.path ? ` (${data.path})` : ''}`;
  const again = `💾 Backup → Restore list → ♻️ Restore ${data.snapshot}`;
  const snaps = await listSnapshots(info.config.backupDir).catch(() => undefined);
  if (!snaps) {
    return (
      `⚠️ Restore dari snapshot ${what} terputus di tengah jalan (worker/server sempat mati) ${code(info)}, dan HDD-nya sekarang tidak bisa aku baca.\n` +
      `Restore ini sengaja TIDAK diulang otomatis. Pasang/mount HDD-nya dulu (\`findmnt ${info.config.hddMount}\`), lalu buka 💾 Backup → Restore list untuk melihat snapshot pengaman (kondisi sebelum restore).`
    );
  }
  const safety = snaps.find((s) => s.summary.trigger === 'safety' && s.summary.requestId === info.meta.requestId);
  if (!safety) {
    return (
      `⚠️ Restore dari snapshot ${what} terputus waktu aku menyimpan kondisi sekarang (worker/server sempat mati) ${code(info)}.\n` +
      `Snapshot pengaman belum jadi, tapi belum ada file yang dikembalikan: file kamu masih seperti sebelum restore dan service tidak disentuh.\n` +
      `Kalau masih mau restore, ulangi dari ${again}.`
    );
  }
  const units = data.stopServices ? info.config.backup.stopServices : [];
  return [
    `⚠️ Restore dari snapshot ${what} terputus di tengah jalan (worker/server sempat mati) ${code(info)}.`,
    `Sebagian file sudah dikembalikan ke versi ${data.snapshot}, sebagian lagi mungkin masih versi sebelum restore. Restore ini sengaja TIDAK diulang otomatis.`,
    `🛟 Kondisi sebelum restore aman di snapshot pengaman ${safety.name}.`,
    'Pilih salah satu:',
    `• selesaikan restore-nya: ulangi dari ${again}, atau`,
    `• kembali ke kondisi sebelum restore: 💾 Backup → Restore list → ♻️ Restore ${safety.name}.`,
    ...(units.length ? [`Service yang dimatikan selama restore (${units.join(', ')}) mungkin masih mati: cek dan nyalakan di 🧰 Kontrol.`] : []),
  ].join('\n');
}
