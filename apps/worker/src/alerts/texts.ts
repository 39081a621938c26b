/** What the admins read about alerts, in the PRD's casual Indonesian. */

import { approxMinutes, bold, code, duration, html, size, type Html, type Text } from '@potion/jobs';

const during = (forMs: number) => (forMs > 0 ? ` selama lebih dari ${duration(forMs)}` : '');

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
  containerDown: (name: string, state: string, exitCode: number) =>
    state === 'dead' ? `🐳 Container ${name} mati (status dead, exit code ${exitCode}).` : `🐳 Container ${name} berhenti (exit code ${exitCode}${exitCode === 0 ? ', keluar normal' : ''}), padahal harusnya jalan.`,
  containerLoop: (name: string, restarts: number) =>
    `🔁 Container ${name} restart terus (sudah ${restarts}× di-restart Docker): kayaknya crash begitu jalan. Cek 📜 log-nya.`,
  containerUnread: (name: string, why: string) => `🐳 Status container ${name} belum kebaca lagi: ${why}.`,
  hddUnmounted: (mount: string): Html => html`⚠️ HDD tidak ter-mount lagi di ${mount}. Backup tidak bisa jalan sampai HDD terpasang; cek kabel/daya HDD lalu ${code('sudo mount -a')}.`,
  /** No HDD was ever seen at HDD_MOUNT: nothing was lost, it was never set up (or HDD_MOUNT points elsewhere). */
  hddNeverMounted: (mount: string): Html =>
    html`⚠️ HDD belum pernah ter-mount di ${mount}, jadi backup belum bisa jalan. Kalau HDD-nya belum disiapkan, jalankan ${code('sudo deploy/hdd-setup.sh')} sekali; kalau HDD-nya ter-mount di tempat lain, ubah HDD_MOUNT di .env lalu restart.`,
  netLost: (target: string) => `📡 Koneksi internet putus (cek ke ${target} gagal). Pesan ini bisa telat sampai karena internetnya mati.`,

  powerCut: (pct: number, minutesLeft: number | null, critical: number) => {
    const left = approxMinutes(minutesLeft);
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

  /** Another host's heartbeat stopped (the main host says it: the silent one cannot). */
  hostSilent: (name: string, at: string): Html => html`🔌 ${bold(name)} tidak terdengar sejak ${at}. Mungkin listriknya padam, internetnya putus, atau worker-nya mati; cek mesinnya ya.`,
  hostBack: (name: string, lasted: string): Html => html`✅ ${bold(name)} terdengar lagi (${lasted} hilang).`,
  fire: (text: Text, at: string): Html => html`🚨 ${text}\n🕒 Mulai ${at}`,
  remind: (text: Text, lasted: string): Html => html`⏰ Masih berlangsung (${lasted}): ${text}`,
  recover: (label: string, lasted: string) => `✅ ${label} sudah normal lagi. Tadi berlangsung ${lasted}.`,
  netBack: (lasted: string) => `📶 Internet nyambung lagi! Tadi putus selama ${lasted}.`,
  forecastBack: (label: string, lasted: string) => `✅ ${label.replace(/^Perkiraan /, '').replace(/ penuh$/, '')} tidak lagi diperkirakan penuh dalam seminggu. Peringatannya berlangsung ${lasted}.`,
  backupBack: (lasted: string) => `✅ Backup sudah berhasil lagi. Gagalnya berlangsung ${lasted}.`,
} as const;
