import { bold, code, html, type Html, type Text } from './format/html.js';
import { htmlToText } from './format/html-parse.js';

/**
 * What the user reads, in the PRD's casual Indonesian courier tone (PRD sections 7 and 21).
 * Every process takes its words from here so the bot sounds like one person.
 */
export const texts = {
  PROCESSING: 'Oke, lagi aku cek dulu server kamu. Sabar sebentar ya ⚙️',
  DONE_OK: (summary: Text): Html => html`Beres! ✅ Ringkasan: ${summary}`,
  /**
   * `retry` false: the error says itself what to do (a full disk is not cured by trying again).
   * The error may already end its sentence ("…cek /etc/fstab."): one period, never "..".
   */
  DONE_FAIL: (error: Text, retry = true): Html => {
    const shown = (typeof error === 'string' ? error : htmlToText(error.markup)).trimEnd();
    const body = typeof error === 'string' ? error.trimEnd() : error;
    return html`Kenapa ya... ❌ Ada error: ${body}${/[.!?)]$/.test(shown) ? '' : '.'}${retry ? ' Coba ulang sebentar lagi, aku standby kok.' : ''}`;
  },
  CONFIRM: (action: string, host?: string): Html =>
    host === undefined ? html`Yakin mau ${action}? Balas ${bold('YA')} kalau sudah mantap.` : html`Yakin mau ${action} di ${bold(host)}? Balas ${bold('YA')} kalau sudah mantap.`,
  requestCode: (requestId: string) => `(kode: ${requestId})`,
  notAllowed: (userId: number) =>
    `Maaf, kamu belum punya izin untuk ini 🙏\nID Telegram kamu: ${userId}\nKalau ini server kamu, tambahkan ID itu ke ADMIN_IDS di file .env lalu restart bot.`,
  notWhitelisted: (unit: string) =>
    `Service "${unit}" tidak ada di daftar SERVICES_WHITELIST, jadi aku tidak boleh menyentuhnya. Tambahkan dulu ke .env kalau memang perlu.`,
  notWhitelistedContainer: (name: string) =>
    `Container "${name}" tidak ada di daftar DOCKER_WHITELIST, jadi aku tidak boleh menyentuhnya. Tambahkan dulu ke .env kalau memang perlu.`,
  interrupted: (what: string, requestId: string, howToCheck: Text): Html =>
    html`⚠️ Tugas "${what}" terputus di tengah jalan (worker sempat mati) ${texts.requestCode(requestId)}.\nHasilnya belum pasti dan sengaja TIDAK diulang otomatis supaya aman.\nCek dulu: ${howToCheck}`,
  logDiskFull: (dir: string, code: string) =>
    `⚠️ Disk untuk log penuh: aku nggak bisa nulis ke ${dir} (${code}). Bot dan worker tetap jalan, tapi catatan aksi (actions.log) nggak tersimpan.\n` +
    `Kosongkan tempat dulu. Cek yang besar: du -sh ${dir}/* | sort -h | tail, lalu hapus log lama atau jalankan: sudo journalctl --vacuum-size=200M`,
  /**
   * `restored`: what came back from the copy in DATA_DIR (empty: nothing differed from the
   * defaults), or undefined when there was no copy and the settings are back to the defaults.
   */
  redisEmpty: (since: string, restored: readonly string[] | undefined) =>
    `⚠️ Database antrian (Redis) kembali dalam keadaan KOSONG. Antrian yang tersimpan sejak ${since} hilang.\n` +
    (restored === undefined
      ? `Pengaturan dari bot (jam backup, alert on/off, mute) kembali ke bawaan: cek lagi di ⚙️ Settings dan 💾 Backup → ⏰ Jadwal.\n`
      : restored.length
        ? `Pengaturan dari bot sudah aku pulihkan dari salinan di disk: ${restored.join('; ')}.\n`
        : `Pengaturan dari bot masih bawaan, jadi tidak ada yang berubah.\n`) +
    `Biasanya karena file AOF Redis rusak/terhapus. Jadwal sudah aku pasang ulang; cek backup terakhir di 💾 Backup.`,
  unproven: (requestId: string) =>
    `Perintah ini aku tolak ❌: konfirmasinya tidak bisa aku pastikan (sudah dipakai, kedaluwarsa, atau bukan dari bot). Tidak ada yang dijalankan. Kalau memang perlu, minta lagi dari menu ya ${texts.requestCode(requestId)}.`,
  wrongQueue: (requestId: string) => `Perintah ini aku tolak ❌: datang dari antrian yang salah. Tidak ada yang dijalankan ${texts.requestCode(requestId)}.`,
  privateOnly: 'Buka chat pribadi sama aku ya, di grup aku gak kasih detail server 🙏',
  invalidRequest: (detail: string) => `Permintaan ini aku tolak ❌: ${detail}. Tidak ada yang dijalankan.`,
  sudoMissing: (rule: string) =>
    `izin sudo belum dipasang untuk "${rule}". Pasang aturan sudoers untuk perintah itu (jalankan lagi deploy/install.sh), lalu coba lagi`,
  powerAnnounce: (action: 'reboot' | 'shutdown', by: string) =>
    action === 'reboot'
      ? `🔁 Server akan REBOOT sekarang (diminta ${by}). Bot akan hilang sebentar, biasanya 1-3 menit. Nanti aku kabari kalau sudah nyala lagi.`
      : `⏻ Server akan DIMATIKAN sekarang (diminta ${by}). Bot tidak bisa dihubungi sampai laptop dinyalakan lagi secara manual.`,
  powerNotHappened: (action: 'reboot' | 'shutdown', at: string): Html =>
    html`⚠️ Perintah ${action === 'reboot' ? 'reboot' : 'shutdown'} pukul ${at} sepertinya tidak terjadi: server tidak sempat mati, hanya worker yang mulai ulang. Cek ${code('journalctl -b -1')} kalau perlu.`,
  backupBusy: (percent: number, label: string) =>
    `Backup lagi jalan nih ⏳ (${Math.round(percent)}% · ${label}). Tunggu selesai dulu ya, nanti hasilnya aku kabari.`,
  queueDown: html`Aduh, antrian tugas (Redis) lagi tidak bisa dihubungi ❌. Permintaanmu belum tercatat. Coba lagi sebentar lagi ya; kalau tetap gagal, cek ${code('systemctl status redis-server')}.`,
} as const;
