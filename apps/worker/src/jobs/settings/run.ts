import type { JobResult } from '@potion/jobs';
import { infoField, keys, PROCESS_NAMES, projectVersion, QUEUE_KINDS } from '@potion/jobs';
import { activeMutes } from '../../alerts/mutes.js';
import { readToggles, setToggle } from '../../alerts/settings.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { JobContext } from '../../runtime/context.js';
import type { Handler } from '../types.js';
import { presentAbout, presentAdmins, presentGet, presentSet } from './present.js';

type View = JobResult<'settings.get'>;

async function view(ctx: JobContext): Promise<View> {
  // The values in force: the .env ones with what was set from ⚙️ Settings → 📏 Ambang alert.
  const a = (await ctx.tuning.load()).alerts;
  const toggles = await readToggles(ctx.redis, ctx.keys);
  // The user's mutes from their sorted set (what the mute keys hold, without SCAN: a joined
  // host's Redis user may not list key names, decision 043).
  const mutes: View['mutes'] = (await activeMutes(ctx.redis, ctx.keys, ctx.now()))
    .filter((m) => m.by === 'user')
    .map((m) => ({ id: m.id, until: m.until }));
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

export const settingsGet: Handler<'settings.get'> = {
  run: (_d, ctx) => view(ctx),
  present: presentGet,
};

export const settingsSet: Handler<'settings.set'> = {
  run: async (d, ctx) => {
    await setToggle(ctx.redis, ctx.keys, d.family, d.enabled);
    await saveStateMirror(ctx);
    return view(ctx);
  },
  present: presentSet,
};

export const settingsAdmins: Handler<'settings.admins'> = {
  run: async (_d, ctx) => ({ admins: [...ctx.config.adminIds], viewers: [...ctx.config.viewerIds] }),
  present: presentAdmins,
};

export const settingsAbout: Handler<'settings.about'> = {
  run: async (_d, ctx) => {
    const processes: JobResult<'settings.about'>['processes'] = [];
    // A joined host runs only its worker (its Redis user may not read the shared hashes).
    for (const name of ctx.config.hostRole === 'joined' ? ['worker' as const] : PROCESS_NAMES) {
      // The worker's own hash is its host's; the bot's and the dashboard's are shared.
      const h = await ctx.redis.hgetall(name === 'worker' ? ctx.keys.proc(name) : keys.proc(name));
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
      openAlerts: (await ctx.redis.smembers(ctx.keys.alertsOpen)).sort(),
    };
  },
  present: presentAbout,
};
