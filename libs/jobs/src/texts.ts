/**
 * What the user reads, in the PRD's casual Indonesian courier tone (PRD sections 7 and 21).
 * Every process takes its words from here so the bot sounds like one person.
 */
export const texts = {
  PROCESSING: 'Oke, lagi aku cek dulu server kamu. Sabar sebentar ya ⚙️',
  DONE_OK: (summary: string) => `Beres! ✅ Ringkasan: ${summary}`,
  DONE_FAIL: (error: string) => `Kenapa ya... ❌ Ada error: ${error}. Coba ulang sebentar lagi, aku standby kok.`,
  CONFIRM: (action: string) => `Yakin mau ${action}? Balas *YA* kalau sudah mantap.`,
  requestCode: (requestId: string) => `(kode: ${requestId})`,
  notAllowed: (userId: number) =>
    `Maaf, kamu belum punya izin untuk ini 🙏\nID Telegram kamu: ${userId}\nKalau ini server kamu, tambahkan ID itu ke ADMIN_IDS di file .env lalu restart bot.`,
  notWhitelisted: (unit: string) =>
    `Service "${unit}" tidak ada di daftar SERVICES_WHITELIST, jadi aku tidak boleh menyentuhnya. Tambahkan dulu ke .env kalau memang perlu.`,
  interrupted: (what: string, requestId: string, howToCheck: string) =>
    `⚠️ Tugas "${what}" terputus di tengah jalan (worker sempat mati) ${texts.requestCode(requestId)}.\n` +
    `Hasilnya belum pasti dan sengaja TIDAK diulang otomatis supaya aman.\nCek dulu: ${howToCheck}`,
  redisEmpty: (since: string) =>
    `⚠️ Database antrian (Redis) kembali dalam keadaan KOSONG. Antrian, jadwal, dan status alert sejak ${since} hilang.\n` +
    `Biasanya karena file AOF Redis rusak/terhapus. Jadwal sudah aku pasang ulang; cek backup terakhir di 💾 Backup.`,
  backupBusy: (percent: number, label: string) =>
    `Backup lagi jalan nih ⏳ (${Math.round(percent)}% · ${label}). Tunggu selesai dulu ya, nanti hasilnya aku kabari.`,
  queueDown:
    'Aduh, antrian tugas (Redis) lagi tidak bisa dihubungi ❌. Permintaanmu belum tercatat. Coba lagi sebentar lagi ya; kalau tetap gagal, cek `systemctl status redis-server`.',
} as const;
