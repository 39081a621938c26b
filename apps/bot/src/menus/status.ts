import { buttons } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

/**
 * 📊 Status and /status: the status.summary job through the courier. The summary carries
 * a `🔍 Detail` button (buttons.status `detail`) that asks for status.detail in a new message, so
 * the summary stays readable above it.
 */
export function statusMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const run = (ctx: BotContext) => dispatch(ctx, deps, 'status.summary', {});
  c.hears(MENU.status, run);
  c.command('status', run);
  // dispatch answers the press. 🔍 Detail, or 📈 under the details: a chart of the last 1, 6
  // or 24 hours, sent as a photo.
  c.callbackQuery(buttons.status.pattern, async (ctx) => {
    const b = buttons.status.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (b.kind === 'detail') return dispatch(ctx, deps, 'status.detail', {});
    await dispatch(ctx, deps, 'chart.render', { hours: b.hours });
  });
  return c;
}
