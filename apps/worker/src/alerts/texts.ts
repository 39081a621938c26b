/** What the admins read about alerts, in the PRD's casual Indonesian. */

const MB = 1024 * 1024;

/** "45 detik", "12 menit", "2 jam 5 menit", "3 hari 4 jam". */
export function humanDuration(ms: number): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return `${sec} detik`;
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} hari ${h} jam` : `${d} hari`;
  if (h > 0) return m > 0 ? `${h} jam ${m} menit` : `${h} jam`;
  return `${m} menit`;
}

export function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / MB)} MB`;
}

/** "14:05" in the configured time zone. */
export function clockOf(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleTimeString('id-ID', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).replace('.', ':');
}

/** "~45 menit", "~2 jam", or null when unknown. */
export function approxLeft(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes < 60) return `~${Math.max(1, Math.round(minutes))} menit`;
  return `~${Math.round(minutes / 60)} jam`;
}

const during = (forMs: number) => (forMs > 0 ? ` selama lebih dari ${humanDuration(forMs)}` : '');

export const alertTexts = {
  cpu: (pct: number, limit: number, forMs: number) =>
    `🔥 CPU sibuk terus: ${pct.toFixed(0)}%${during(forMs)} (batas ${limit}%). Cek proses yang berat di 📊 Status.`,
  ram: (avail: number, min: number) => `🧠 RAM hampir habis: sisa ${size(avail)} (batas ${size(min)}). Server bisa jadi lambat atau ada proses yang dimatikan.`,
  disk: (what: string, pct: number, free: number, limit: number) =>
    `💽 Disk ${what} hampir penuh: ${pct.toFixed(0)}% terpakai, sisa ${size(free)} (batas ${limit}%).`,
  temp: (c: number, limit: number, forMs: number) =>
    `🌡️ Suhu CPU panas: ${c.toFixed(0)}°C${during(forMs)} (batas ${limit}°C). Cek kipas dan ventilasi laptop ya.`,
  service: (unit: string, active: string, sub: string) =>
    active === 'failed' ? `❌ Service ${unit} mati (status ${active}/${sub}).` : `⏸️ Service ${unit} berhenti (status ${active}/${sub}), padahal tadinya jalan.`,
  probeDown: (unit: string, target: string, why: string) => `🔌 Service ${unit} jalan tapi gak jawab di ${target} (${why}).`,
  probeBack: (unit: string, lasted: string) => `✅ Service ${unit} jawab lagi. Tadi gak jawab selama ${lasted}.`,
  hddUnmounted: (mount: string) => `⚠️ HDD tidak ter-mount lagi di ${mount}. Backup tidak bisa jalan sampai HDD terpasang; cek kabel/daya HDD lalu \`sudo mount -a\`.`,
  /** No HDD was ever seen at HDD_MOUNT: nothing was lost, it was never set up (or HDD_MOUNT points elsewhere). */
  hddNeverMounted: (mount: string) =>
    `⚠️ HDD belum pernah ter-mount di ${mount}, jadi backup belum bisa jalan. Kalau HDD-nya belum disiapkan, jalankan \`sudo deploy/hdd-setup.sh\` sekali; kalau HDD-nya ter-mount di tempat lain, ubah HDD_MOUNT di .env lalu restart.`,
  netLost: (target: string) => `📡 Koneksi internet putus (cek ke ${target} gagal). Pesan ini bisa telat sampai karena internetnya mati.`,

  powerCut: (pct: number, minutesLeft: number | null, critical: number) => {
    const left = approxLeft(minutesLeft);
    return (
      `🔌 Listrik padam, baterai ${pct.toFixed(0)}%, ${left ? `perkiraan tahan ${left}` : 'perkiraan tahan belum bisa dihitung'}. ` +
      `Server tetap jalan pakai baterai. Kalau baterai tinggal ${critical}%, aku matikan server dengan rapi supaya data aman; kamu tidak perlu apa-apa.`
    );
  },
  batteryCritical: (pct: number, critical: number) =>
    `🪫 Baterai tinggal ${pct.toFixed(0)}% (batas ${critical}%) dan listrik masih padam. Aku matikan server dengan rapi sekarang supaya database dan backup tidak rusak. ` +
    `Setelah listrik nyala, nyalakan lagi laptopnya (tekan tombol power); aku kabari begitu sudah hidup.`,
  powerBack: (lasted: string) => `🔌 Listrik nyala lagi setelah ${lasted}. Baterai sedang diisi lagi; tidak perlu apa-apa.`,
  batteryBack: () => `🔋 Listrik sudah nyala, baterai aman lagi.`,
  noBattery: 'no battery found in /sys/class/power_supply: power-cut alerts stay off (a desktop, or the driver hides it)',

  fire: (text: string, at: string) => `🚨 ${text}\n🕒 Mulai ${at}`,
  remind: (text: string, lasted: string) => `⏰ Masih berlangsung (${lasted}): ${text}`,
  recover: (label: string, lasted: string) => `✅ ${label} sudah normal lagi. Tadi berlangsung ${lasted}.`,
  netBack: (lasted: string) => `📶 Internet nyambung lagi! Tadi putus selama ${lasted}.`,
  forecastBack: (label: string, lasted: string) => `✅ ${label.replace(/^Perkiraan /, '').replace(/ penuh$/, '')} tidak lagi diperkirakan penuh dalam seminggu. Peringatannya berlangsung ${lasted}.`,
  backupBack: (lasted: string) => `✅ Backup sudah berhasil lagi. Gagalnya berlangsung ${lasted}.`,
} as const;
