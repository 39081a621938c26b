import { plainText } from '@potion/jobs';

/**
 * Words only the bot says (menus, refusals, confirmations), in the PRD's casual
 * Indonesian. Shared words (PROCESSING, DONE_OK, CONFIRM, notAllowed) live in @potion/jobs.
 */
export const botTexts = {
  /** `name` is the sender's Telegram first name: any text they chose, so only its visible characters. */
  welcome: (name: string) =>
    `Halo ${plainText(name, 64) || 'kamu'}! 👋 Aku asisten server potion-runner kamu.\nPilih menu di bawah ya. Ketik /help kalau bingung.`,
  help:
    'Yang bisa aku bantu:\n' +
    '📊 Status: CPU, RAM, disk, suhu, uptime, service (/status)\n' +
    '🧰 Kontrol: start/stop/restart service yang ada di whitelist (/services), container Docker (/containers), reboot/matikan server (/reboot)\n' +
    '📜 Logs: lihat log terakhir, cari kata, kirim file log (/logs runtime, /logs dmesg, /logs <service>)\n' +
    '💾 Backup: backup sekarang, jadwal, restore (/backup)\n' +
    '🌐 Network: IP, ping, Tailscale, speed test\n' +
    '🔄 Update: apt update+upgrade yang aman, sync dependensi dari lock file, pull repo\n' +
    '⚙️ Settings: jadwal backup, alert, daftar admin\n\n' +
    'Pengaman: cuma ID yang ada di ADMIN_IDS yang boleh mengubah sesuatu, semua aksi penting minta konfirmasi dulu (tombol ✅ atau balas YA), dan semuanya tercatat di actions.log.',
  pickService: '🧰 Mau kontrol service yang mana?',
  pickHost: '🖥️ Mau ke server yang mana?',
  hostRow: (name: string) => `🖥️ ${name} · ganti`,
  noServices: 'Belum ada service di SERVICES_WHITELIST. Tambahkan dulu di file .env ya (contoh: SERVICES_WHITELIST="n8n.service").',
  /** A host whose worker has not published its lists (host-lists.ts): never another host's names instead. */
  listsUnknown: (host: string) => `⚠️ Daftar service host ${host} belum terbaca (worker-nya versi lama atau belum jalan). Coba lagi setelah worker di ${host} jalan ya.`,
  pickAction: (unit: string) => `🧰 ${unit}\nMau diapakan?`,
  pickContainerAction: (name: string) => `🐳 Container ${name}\nMau diapakan?`,
  actionLabel: { start: 'menyalakan', stop: 'mematikan', restart: 'me-restart' } as const,
  cancelled: 'Oke, dibatalkan 👍 Tidak ada yang diubah.',
  confirmGone: 'Tombol konfirmasi ini sudah tidak berlaku (kedaluwarsa atau sudah dipakai). Ulangi dari menu ya.',
  confirmNotYours: 'Konfirmasi ini bukan punyamu, jadi aku abaikan.',
  nothingToConfirm: 'Tidak ada aksi yang menunggu konfirmasi. Pilih dulu aksinya dari menu ya.',
  staleButton: 'Tombol ini sudah tidak berlaku. Buka lagi dari menu ya.',
  notYourButton: 'Tombol ini dibuka oleh admin lain, jadi aku abaikan. Buka sendiri dari 💾 Backup ya.',
  slowDown: 'Pelan-pelan ya 🙏 Permintaanmu datang terlalu cepat, tunggu beberapa detik lalu coba lagi.',
  unknown: 'Hmm, aku belum ngerti maksudnya 🤔 Pakai tombol menu di bawah atau ketik /help ya.',
  longResult: (chars: number) => `Hasilnya panjang (${chars} karakter), jadi aku kirim sebagai file 📎`,
  pickLogSource: '📜 Mau lihat log yang mana?',
  pickLogAction: (label: string) => `📜 ${label}\nMau lihat apa?`,
  askSearchWord: (label: string) =>
    `🔍 Ketik kata yang mau dicari di ${label} (1-100 huruf). Dicari apa adanya, huruf besar/kecil tidak dibedakan.`,
  searchWordAgain: 'Ketik kata lain untuk dicoba lagi, atau pilih menu lain ya.',
  logsUsage: (units: readonly string[]) =>
    'Sumber log itu tidak aku kenal 🤔 Contoh: /logs runtime, /logs dmesg' +
    (units.length ? `, atau /logs ${units[0]}` : '') +
    '. Atau ketik /logs saja untuk memilih dari daftar.',
  pickNetwork: '🌐 Network: mau cek apa?',
  pickUpdate: '🔄 Update: mau update apa? Semua minta konfirmasi dulu.',
  updateLabel: {
    apt: 'menjalankan apt update + upgrade (aman, tanpa dist-upgrade)',
    deps: 'menyinkronkan dependensi dari lock file',
    git: 'menarik update repo (git pull --ff-only)',
  } as const,
  powerLabel: { reboot: 'me-reboot server', off: 'mematikan server' } as const,
  pickBackup: '💾 Backup ke HDD: mau ngapain?\nBackup now dan Restore cuma untuk admin; semua boleh lihat daftar snapshot.',
  pickBackupTime: (current: string, timeZone: string) =>
    `⏰ Backup harian sekarang jam ${current} (${timeZone}).\nPilih jam baru, atau ketik sendiri:`,
  askBackupTime: 'Ketik jam backup harian dalam format 24 jam HH:MM (contoh: 02:30 atau 23:15).',
  /** `typed` is what the user sent; only its visible characters are shown back. */
  badBackupTime: (typed: string) =>
    `"${plainText(typed.trim(), 20)}" bukan jam yang aku kenal 🤔 Pakai format 24 jam HH:MM, misalnya 02:30 atau 23:15. Jadwal tidak diubah; ketik lagi ya.`,
  restoreLabel: (snapshot: string, path: string | null, services: readonly string[]) =>
    `me-restore ${path ?? 'SEMUA file'} dari snapshot ${snapshot} (file sekarang ditimpa; kondisi sekarang disimpan dulu sebagai snapshot pengaman; ` +
    (services.length ? `service yang dihentikan dulu lalu dinyalakan lagi: ${services.join(', ')})` : 'tidak ada service yang dihentikan)'),
  pruneLabel: (daily: number, weekly: number) =>
    `membersihkan snapshot lama (disimpan ${daily} harian + ${weekly} mingguan; snapshot terbaru tidak pernah dihapus)`,
  onlineAgain: (downFor: string, since: string) =>
    `🟢 Aku online lagi! Koneksi ke Telegram sempat putus ${downFor} (sejak ${since}). Pesan yang tertunda sudah aku kirim berurutan.`,
} as const;
