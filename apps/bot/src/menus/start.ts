import { toHtml } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { mainMenu } from '../keyboards.js';
import { botTexts } from '../texts.js';

/** /start shows the main menu; /help explains the features and the safety rules. */
export function startMenu(_deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('start', (ctx) => ctx.reply(toHtml(botTexts.welcome(ctx.from?.first_name ?? 'kamu')), { reply_markup: mainMenu() }));
  c.command('help', (ctx) => ctx.reply(toHtml(botTexts.help), { reply_markup: mainMenu() }));
  return c;
}
