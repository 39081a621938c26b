import { Composer } from 'grammy';
import { texts } from '@potion/jobs';
import { parseAlertData } from '../callback-data.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { botTexts } from '../texts.js';

/** `alert:mute:<id>:<minutes|t>` as the worker writes it under an alert (apps/worker/src/alerts/rules.ts). */
const MUTE = /^alert:mute:([A-Za-z0-9][A-Za-z0-9_.@:-]{0,60}):(\d{1,5}|t)$/;
/** ⚙️ Settings → maintenance mode: `set:maint:<minutes>`, 0 ends it. */
const MAINT = /^set:maint:(\d{1,4})$/;

/**
 * The alert buttons (admins only): mute and maintenance mode become a `health.mute` job;
 * `alert:restart:<unit>` asks for the usual confirmation, then `service.restart` (the unit must
 * be in SERVICES_WHITELIST; the worker checks again); `alert:big:<root|hdd>` lists the biggest folders.
 */
export function alertButtons(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  // Who may press them comes from the registry (all admin jobs): dispatch refuses the others.
  c.callbackQuery(/^alert:(restart|big):/, async (ctx) => {
    const a = parseAlertData(ctx.callbackQuery.data);
    if (!a) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (a.kind === 'big') return dispatch(ctx, deps, 'disk.biggest', { target: a.target, depth: 1 });
    if (!deps.config.servicesWhitelist.includes(a.unit)) {
      return void (await ctx.answerCallbackQuery({ text: texts.notWhitelisted(a.unit).slice(0, 200), show_alert: true }));
    }
    // A new message: the alert stays readable (and its mute buttons usable) above the confirmation.
    await dispatch(ctx, deps, 'service.restart', { unit: a.unit }, { label: `${botTexts.actionLabel.restart} ${a.unit}` });
  });
  c.callbackQuery(MUTE, async (ctx) => {
    const [, id, amount] = ctx.match as RegExpMatchArray;
    if (!id || !amount) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, 'health.mute', amount === 't' ? { alertId: id, minutes: 0, tomorrow: true } : { alertId: id, minutes: Number(amount) });
  });
  c.callbackQuery(MAINT, async (ctx) => {
    const minutes = Number((ctx.match as RegExpMatchArray)[1]);
    if (minutes > 7 * 24 * 60) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, 'health.mute', { alertId: 'all', minutes });
  });
  return c;
}
