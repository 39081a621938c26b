import { biggestFolders } from '@potion/adapters';
import { toHtml } from '@potion/jobs';
import { muteTexts } from '../../alerts/mute-texts.js';
import { announceMuteEnds } from '../../alerts/mute-ends.js';
import { clearMute, nextMorning, setMute } from '../../alerts/mutes.js';
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

/** Mutes whose end passed are removed and announced: every minute when samples are further apart (schedules.ts), else the sample does it. */
export const healthMuteEnds: Handler<'health.muteEnds'> = {
  run: async (_d, ctx) => ({ ended: await announceMuteEnds(ctx) }),
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
