import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

/** 📊 Status and /status: the status.summary job through the courier. */
export function statusMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const run = (ctx: BotContext) => dispatch(ctx, deps, 'status.summary', {});
  c.hears(MENU.status, run);
  c.command('status', run);
  c.callbackQuery('status:detail', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(botTexts.comingSoon('Status detail'));
  });
  return c;
}
