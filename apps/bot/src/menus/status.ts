import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { MENU } from '../keyboards.js';

/**
 * 📊 Status and /status: the status.summary job through the courier. The summary carries
 * a `🔍 Detail` button (`status:detail`) that asks for status.detail in a new message, so
 * the summary stays readable above it.
 */
export function statusMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const run = (ctx: BotContext) => dispatch(ctx, deps, 'status.summary', {});
  c.hears(MENU.status, run);
  c.command('status', run);
  // dispatch answers the press.
  c.callbackQuery('status:detail', (ctx) => dispatch(ctx, deps, 'status.detail', {}));
  // 📈 under the details: a chart of the last 1, 6 or 24 hours, sent as a photo.
  c.callbackQuery(/^status:chart:(1|6|24)$/, async (ctx) => {
    const hours = Number(ctx.match[1]) as 1 | 6 | 24;
    await dispatch(ctx, deps, 'chart.render', { hours });
  });
  return c;
}
