import { biggestFolders } from '@potion/adapters';
import { toHtml } from '@potion/jobs';
import { muteTexts } from '../../alerts/mute-texts.js';
import { clearMute, nextMorning, setMute, takeEnded } from '../../alerts/mutes.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { Handler } from '../types.js';
import { presentBiggest, presentMute, presentMuteEnds } from './present.js';

/**
 * `alert:mute:<id>:<min|t>` and ⚙️ Settings → Mode perawatan: no alert messages for that id
 * (or `all`) until the end, which is shown in 📊 Status and announced when it passes.
 * `minutes: 0` ends it now.
 */
export const healthMute: Handler<'health.mute'> = {
  run: async (data, ctx) => {
    const now = ctx.now();
    if (!data.tomorrow && data.minutes === 0) {
      await clearMute(ctx.redis, ctx.keys, data.alertId);
      await saveStateMirror(ctx);
      return { alertId: data.alertId, until: 0, message: muteTexts.set(data.alertId, 0, ctx.config.timezone, now) };
    }
    const until = data.tomorrow ? nextMorning(now, ctx.config.timezone) : now + data.minutes * 60_000;
    await setMute(ctx.redis, ctx.keys, data.alertId, until, now);
    await saveStateMirror(ctx);
    return { alertId: data.alertId, until, message: muteTexts.set(data.alertId, until, ctx.config.timezone, now) };
  },
  present: presentMute,
};

/** Every minute (schedules.ts): mutes whose end passed are removed and announced to every admin. */
export const healthMuteEnds: Handler<'health.muteEnds'> = {
  run: async (_d, ctx) => {
    const now = ctx.now();
    const ended = await takeEnded(ctx.redis, ctx.keys, now);
    for (const m of ended) {
      // `mute-end.<alert id>.<until>.<admin>`: a second run for the same mute sends nothing twice.
      const text = muteTexts.ended(m.id, m.until, ctx.config.timezone);
      await tellAdmins(ctx, { purpose: 'mute-end', id: `${m.id}.${m.until}`, text, kind: 'info', requestId: 'mute-end', source: 'mutes', now });
    }
    return { ended: ended.map((m) => ({ alertId: m.id, until: m.until })) };
  },
  present: presentMuteEnds,
};

/** `alert:big:<root|hdd>`: the biggest folders of a disk, with a safe, niced, time-limited du. */
export const diskBiggest: Handler<'disk.biggest'> = {
  run: async (data, ctx) => {
    const mount = data.target === 'root' ? '/' : ctx.config.hddMount;
    await ctx.progress(10, `menghitung ukuran folder di ${mount}`);
    const r = await biggestFolders(ctx.runner, mount, data.depth, { signal: ctx.signal, limit: 10 });
    return { mount, totalBytes: r.total?.bytes ?? null, entries: r.entries, partial: r.partial };
  },
  present: presentBiggest,
};
