import { Composer } from 'grammy';
import { buttons, texts } from '@potion/jobs';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { listsOf } from '../host-lists.js';
import { hostOf } from '../hosts.js';
import { botTexts } from '../texts.js';

/**
 * The alert buttons (admins only; buttons.alert in libs/jobs): mute becomes a `health.mute` job
 * (⚙️ Settings → maintenance mode too, in settings.ts); restart asks for the usual confirmation, then `service.restart` (the unit must
 * be in the SERVICES_WHITELIST the alert's host published, host-lists.ts; the worker checks again); big lists the biggest folders of / or the HDD.
 */
export function alertButtons(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  // Who may press them comes from the registry (all admin jobs): dispatch refuses the others.
  c.callbackQuery(buttons.alert.pattern, async (ctx) => {
    const a = buttons.alert.parse(ctx.callbackQuery.data);
    if (!a) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (a.kind === 'mute') return dispatch(ctx, deps, 'health.mute', { alertId: a.alertId, minutes: a.minutes });
    if (a.kind === 'mute-tomorrow') return dispatch(ctx, deps, 'health.mute', { alertId: a.alertId, minutes: 0, tomorrow: true });
    if (a.kind === 'big') return dispatch(ctx, deps, 'disk.biggest', { target: a.target, depth: 1 });
    // The alert's host (the outbox that sent it) and its own whitelist; lists not published (an
    // older worker): no early refusal, that worker checks its whitelist anyway.
    const host = await hostOf(ctx, deps);
    const lists = await listsOf(deps, host);
    if (lists && !lists.services.includes(a.unit)) {
      return void (await ctx.answerCallbackQuery({ text: texts.notWhitelisted(a.unit).slice(0, 200), show_alert: true }));
    }
    // A new message: the alert stays readable (and its mute buttons usable) above the confirmation.
    await dispatch(ctx, deps, 'service.restart', { unit: a.unit }, { label: `${botTexts.actionLabel.restart} ${a.unit}`, host });
  });
  return c;
}
