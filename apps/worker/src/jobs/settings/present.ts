import { buttons, texts, type JobResult, duration, size } from '@potion/jobs';
import { FAMILY_LABELS } from '../../alerts/settings.js';
import { ALERT_FAMILIES } from '../../alerts/types.js';
import type { Present, Presentation } from '../types.js';

type View = JobResult<'settings.get'>;

const min = (sec: number) => (sec >= 60 ? `${Math.round(sec / 60)} menit` : `${sec} detik`);

export function presentSettings(v: View): Presentation {
  const t = v.thresholds;
  const lines = [
    '⚙️ Pengaturan alert',
    ...ALERT_FAMILIES.map((f) => `${v.toggles[f] ? '🔔' : '🔕'} ${FAMILY_LABELS[f]}: ${v.toggles[f] ? 'ON' : 'OFF'}`),
    '',
    '📏 Ambang (ubah lewat ⚙️ Settings → 📏 Ambang alert):',
    `• CPU > ${t.cpuPercent}% selama ${min(t.cpuForSec)}`,
    `• RAM sisa < ${t.ramMinMb} MB`,
    `• Disk / atau HDD > ${t.diskPercent}%`,
    `• Suhu CPU > ${t.tempC}°C selama ${min(t.tempForSec)}`,
    `• Internet: ${t.netTarget ? `cek ke ${t.netTarget}` : 'tidak dicek'}`,
    `• Pengingat kalau masih berlangsung: tiap ${t.remindMin} menit`,
    ...(v.mutes.length ? ['', `🔕 Sedang dibisukan: ${v.mutes.map((m) => m.id).join(', ')}`] : []),
  ];
  // The bot turns a toggle into settings.set { family, enabled }.
  const rows = ALERT_FAMILIES.map((f) => [{ text: `${v.toggles[f] ? '🔕 Matikan' : '🔔 Nyalakan'} ${FAMILY_LABELS[f]}`, data: buttons.settings.build({ kind: 'toggle', family: f, enabled: !v.toggles[f] }) }]);
  return { text: lines.join('\n'), buttons: rows, raw: true };
}

// The settings view is a reading (raw); a change says "Beres!" first (presentSet).
export const presentGet: Present<'settings.get'> = (v) => presentSettings(v);

export const presentSet: Present<'settings.set'> = (v, d) => {
  const p = presentSettings(v);
  // PRD §21 for the change, then the settings as they are now (with their toggles).
  return { ...p, text: `${texts.DONE_OK(`alert ${FAMILY_LABELS[d.family]} sekarang ${d.enabled ? 'ON 🔔' : 'OFF 🔕'}.`)}\n\n${p.text}` };
};

export const presentAdmins: Present<'settings.admins'> = (r) => ({
  text: [
    '👑 Admin (boleh semua):',
    ...(r.admins.length ? r.admins.map((id) => `• ${id}`) : ['• (belum ada)']),
    '',
    '👀 Viewer (cuma lihat):',
    ...(r.viewers.length ? r.viewers.map((id) => `• ${id}`) : ['• (belum ada)']),
    '',
    'Ubah daftar ini di file .env (ADMIN_IDS, VIEWER_IDS) lalu restart bot dan worker.',
  ].join('\n'),
  raw: true,
});

export const presentAbout: Present<'settings.about'> = (r) => {
  const now = Date.now();
  const names: Record<string, string> = { bot: '🤖 Bot', worker: '🛠️ Worker', dashboard: '🖥️ Dashboard' };
  return {
    text: [
      `ℹ️ potion-runner v${r.version} (host ${r.host})`,
      '',
      ...r.processes.map((p) =>
        p.startedAt === null ? `${names[p.name] ?? p.name}: tidak jalan / belum pernah lapor` : `${names[p.name] ?? p.name}: nyala ${duration(now - p.startedAt)} (pid ${p.pid ?? '?'})`,
      ),
      `🗄️ Redis ${r.redis.version}: memori ${size(r.redis.usedMemoryBytes)}, nyala ${duration(r.redis.uptimeSec * 1000)}`,
      '',
      '📬 Antrian (tunggu / jalan / gagal):',
      ...r.queues.map((q) => `• ${q.name}: ${q.waiting + q.delayed} / ${q.active} / ${q.failed}`),
      '',
      r.openAlerts.length ? `🚨 Alert terbuka: ${r.openAlerts.join(', ')}` : '✅ Tidak ada alert terbuka',
    ].join('\n'),
    raw: true,
  };
};
