import { roleOf } from '@potion/jobs';
import { FAKE_BOT_TOKEN } from '@potion/testkit';
import { Bot } from 'grammy';
import type { BotContext, BotDeps } from './context.js';
import { dispatch } from './courier.js';
import { htmlParseMode } from './html-mode.js';

/**
 * A bot for the courier's tests: HTML parse mode, `userId` as the asking user with the role
 * the config gives it, and /status dispatched through the courier with `deps`.
 */
export async function startStatusBot(deps: BotDeps, apiRoot: string, userId: number): Promise<Bot<BotContext>> {
  const bot = new Bot<BotContext>(FAKE_BOT_TOKEN, { client: { apiRoot } });
  bot.api.config.use(htmlParseMode());
  await bot.init();
  bot.use(async (ctx, next) => {
    ctx.potion = { userId, role: roleOf(deps.config, userId) };
    await next();
  });
  bot.command('status', (ctx) => dispatch(ctx, deps, 'status.summary', {}));
  return bot;
}
