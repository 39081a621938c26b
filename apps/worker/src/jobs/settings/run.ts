import type { JobResult } from '@potion/jobs';
import { infoField, keys, PROCESS_NAMES, projectVersion, QUEUE_KINDS } from '@potion/jobs';
import { FAMILY_LABELS, readToggles, setToggle } from '../../alerts/settings.js';
import { ALERT_FAMILIES } from '../../alerts/types.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { JobContext } from '../../runtime/context.js';
import { duration } from '../../runtime/format.js';
import type { Handler, Presentation } from '../types.js';

type View = JobResult<'settings.get'>;

/**
 * Callback data of the ⚙️ Settings buttons, agreed with the bot:
 * - `set:alert:<family>:on|off` → settings.set { family, enabled }
 */
export const settingsCallbacks = {
  toggle: (family: string, on: boolean) => `set:alert:${family}:${on ? 'on' : 'off'}`,
} as const;

async function view(ctx: JobContext): Promise<View> {
  const a = ctx.config.alerts;
  const toggles = await readToggles(ctx.redis);
  const ids: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await ctx.redis.scan(cursor, 'MATCH', keys.mute('*'), 'COUNT', 1000);
    cursor = next;
    ids.push(...batch);
  } while (cursor !== '0');
  const mutes: View['mutes'] = [];
  for (const k of ids) {
    const v = await ctx.redis.get(k);
    if (v && /^\d+$/.test(v)) mutes.push({ id: k.slice(keys.mute('').length), until: Number(v) });
  }
  return {
    toggles,
    thresholds: {
      cpuPercent: a.cpuPercent,
      cpuForSec: a.cpuForMs / 1000,
      ramMinMb: Math.round(a.ramMinBytes / 1024 / 1024),
      diskPercent: a.diskPercent,
      tempC: a.tempC,
      tempForSec: a.tempForMs / 1000,
      remindMin: a.remindMs / 60_000,
      netTarget: a.netTarget ? `${a.netTarget.host}:${a.netTarget.port}` : null,
    },
    mutes,
  };
}

const min = (sec: number) => (sec >= 60 ? `${Math.round(sec / 60)} menit` : `${sec} detik`);

export function presentSettings(v: View): Presentation {
  const t = v.thresholds;
  const lines = [
    '⚙️ Pengaturan alert',
    ...ALERT_FAMILIES.map((f) => `${v.toggles[f] ? '🔔' : '🔕'} ${FAMILY_LABELS[f]}: ${v.toggles[f] ? 'ON' : 'OFF'}`),
    '',
    '📏 Ambang (ubah di file .env lalu restart worker):',
    `• CPU > ${t.cpuPercent}% selama ${min(t.cpuForSec)}`,
    `• RAM sisa < ${t.ramMinMb} MB`,
    `• Disk / atau HDD > ${t.diskPercent}%`,
    `• Suhu CPU > ${t.tempC}°C selama ${min(t.tempForSec)}`,
    `• Internet: ${t.netTarget ? `cek ke ${t.netTarget}` : 'tidak dicek'}`,
    `• Pengingat kalau masih berlangsung: tiap ${t.remindMin} menit`,
    ...(v.mutes.length ? ['', `🔕 Sedang dibisukan: ${v.mutes.map((m) => m.id).join(', ')}`] : []),
  ];
  const buttons = ALERT_FAMILIES.map((f) => [{ text: `${v.toggles[f] ? '🔕 Matikan' : '🔔 Nyalakan'} ${FAMILY_LABELS[f]}`, data: settingsCallbacks.toggle(f, !v.toggles[f]) }]);
  return { text: lines.join('\n'), buttons, raw: true };
}

export const settingsGet: Handler<'settings.get'> = {
  run: (_d, ctx) => view(ctx),
  present: (v) => presentSettings(v),
};

export const settingsSet: Handler<'settings.set'> = {
  run: async (d, ctx) => {
    await setToggle(ctx.redis, d.family, d.enabled);
    await saveStateMirror(ctx);
    return view(ctx);
  },
  present: (v, d) => {
    const p = presentSettings(v);
    return { ...p, text: `Oke, alert ${FAMILY_LABELS[d.family]} sekarang ${d.enabled ? 'ON 🔔' : 'OFF 🔕'}.\n\n${p.text}` };
  },
};

export const settingsAdmins: Handler<'settings.admins'> = {
  run: async (_d, ctx) => ({ admins: [...ctx.config.adminIds], viewers: [...ctx.config.viewerIds] }),
  present: (r) => ({
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
  }),
};

export const settingsAbout: Handler<'settings.about'> = {
  run: async (_d, ctx) => {
    const processes: JobResult<'settings.about'>['processes'] = [];
    for (const name of PROCESS_NAMES) {
      const h = await ctx.redis.hgetall(keys.proc(name));
      const n = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
      const stopped = n(h.stoppedAt);
      processes.push({
        name,
        pid: n(h.pid),
        startedAt: stopped === null ? n(h.startedAt) : null,
        version: h.version ?? null,
        seenAt: n(h.seenAt),
      });
    }
    const info = await ctx.redis.info();
    const queues: JobResult<'settings.about'>['queues'] = [];
    for (const kind of QUEUE_KINDS) {
      const q = ctx.producer.queue(kind);
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      queues.push({ name: q.name, waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 });
    }
    return {
      version: projectVersion(),
      host: ctx.config.hostId,
      processes,
      redis: {
        version: infoField(info, 'redis_version') ?? '?',
        usedMemoryBytes: Number(infoField(info, 'used_memory') ?? 0),
        uptimeSec: Number(infoField(info, 'uptime_in_seconds') ?? 0),
      },
      queues,
      openAlerts: (await ctx.redis.smembers(keys.alertsOpen)).sort(),
    };
  },
  present: (r) => {
    const now = Date.now();
    const names: Record<string, string> = { bot: '🤖 Bot', worker: '🛠️ Worker', dashboard: '🖥️ Dashboard' };
    return {
      text: [
        `ℹ️ potion-runner v${r.version} (host ${r.host})`,
        '',
        ...r.processes.map((p) =>
          p.startedAt === null ? `${names[p.name] ?? p.name}: tidak jalan / belum pernah lapor` : `${names[p.name] ?? p.name}: nyala ${duration(Math.max(0, (now - p.startedAt) / 1000))} (pid ${p.pid ?? '?'})`,
        ),
        `🗄️ Redis ${r.redis.version}: memori ${(r.redis.usedMemoryBytes / 1024 / 1024).toFixed(1)} MB, nyala ${duration(r.redis.uptimeSec)}`,
        '',
        '📬 Antrian (tunggu / jalan / gagal):',
        ...r.queues.map((q) => `• ${q.name}: ${q.waiting + q.delayed} / ${q.active} / ${q.failed}`),
        '',
        r.openAlerts.length ? `🚨 Alert terbuka: ${r.openAlerts.join(', ')}` : '✅ Tidak ada alert terbuka',
      ].join('\n'),
      raw: true,
    };
  },
};
