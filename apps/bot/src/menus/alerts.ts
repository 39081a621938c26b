import { Composer } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { botTexts } from '../texts.js';

/** `alert:mute:<id>:<minutes|t>` as the worker writes it under an alert (apps/worker/src/alerts/rules.ts). */
const MUTE = /^alert:mute:([A-Za-z0-9][A-Za-z0-9_.@:-]{0,60}):(\d{1,5}|t)$/;
/** ⚙️ Settings → maintenance mode: `set:maint:<minutes>`, 0 ends it. */
const MAINT = /^set:maint:(\d{1,4})$/;

/** The alert buttons and the maintenance mode: both become a `health.mute` job (admins only). */
export function alertButtons(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(MUTE, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'button:alert:mute')) return;
    const [, id, amount] = ctx.match as RegExpMatchArray;
    if (!id || !amount) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await ctx.answerCallbackQuery();
    await dispatch(ctx, deps, 'health.mute', amount === 't' ? { alertId: id, minutes: 0, tomorrow: true } : { alertId: id, minutes: Number(amount) });
  });
  c.callbackQuery(MAINT, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'button:set:maint')) return;
    const minutes = Number((ctx.match as RegExpMatchArray)[1]);
    if (minutes > 7 * 24 * 60) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await ctx.answerCallbackQuery();
    await dispatch(ctx, deps, 'health.mute', { alertId: 'all', minutes });
  });
  return c;
}
