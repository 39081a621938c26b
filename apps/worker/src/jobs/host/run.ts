import { texts, toHtml, type JobResult } from '@potion/jobs';
import { who } from '@potion/platform';
import type { JobContext } from '../../runtime/context.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { removePowerMarker, writePowerMarker } from '../../runtime/power-marker.js';
import type { Handler } from '../types.js';
import { powerHowToCheck, presentPower } from './present.js';

const VERB = { reboot: 'reboot', shutdown: 'poweroff' } as const;

/** Waits (bounded) until the announcement jobs were delivered by the bot, or gives up. */
async function waitDelivered(ctx: JobContext, ids: readonly string[], maxMs: number): Promise<boolean> {
  const q = ctx.producer.queue('notify');
  const deadline = ctx.now() + maxMs;
  for (;;) {
    const states = await Promise.all(ids.map((id) => q.getJobState(id)));
    if (states.every((s) => s === 'completed' || s === 'failed' || s === 'unknown')) return true;
    if (ctx.now() >= deadline || ctx.signal.aborted) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function power<A extends 'reboot' | 'shutdown'>(action: A): Handler<`host.${A}`> {
  return {
    run: async (_d, ctx) => {
      const requestedAt = ctx.now();
      const by = who(ctx.meta.by);
      const chatId = ctx.meta.chatId;
      const markerFile = await writePowerMarker(ctx.config.dataDir, { action, at: requestedAt, requestId: ctx.requestId, by, jobId: ctx.jobId, ...(chatId !== undefined ? { chatId } : {}) });
      // Announce first, to every admin, so nobody is surprised by a silent bot.
      const ids = await tellAdmins(ctx, {
        purpose: 'power-announce',
        id: ctx.requestId,
        ...(chatId !== undefined ? { alsoChat: chatId } : {}),
        text: texts.powerAnnounce(action, by),
        kind: 'alert',
        requestId: ctx.requestId,
        source: 'worker',
        now: requestedAt,
      });
      await ctx.progress(50, 'mengabari admin');
      const delivered = await waitDelivered(ctx, ids, ctx.config.powerAnnounceWaitMs);
      ctx.log.info({ module: 'worker:host', action, delivered }, `issuing ${action}`);
      try {
        await ctx.runner('sudo', ['-n', 'systemctl', VERB[action]], { signal: ctx.signal, timeoutMs: 30_000 });
      } catch (err) {
        // Nothing will go down: no "back again" message after the next worker start.
        await removePowerMarker(ctx.config.dataDir);
        throw err;
      }
      // The registry's result for host.<A> is exactly this shape with `action: A`.
      const result: { action: A; requestedAt: number; markerFile: string } = { action, requestedAt, markerFile };
      return result as JobResult<`host.${A}`>;
    },
    present: presentPower(action),
    howToCheck: powerHowToCheck,
  };
}

export const hostReboot: Handler<'host.reboot'> = power('reboot');
export const hostShutdown: Handler<'host.shutdown'> = power('shutdown');
