import { Composer } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

/**
 * Menu entries whose jobs are built in another issue (backup.*, issue 5). Each says
 * "segera hadir" until its flow is wired; they already check the admin role first.
 */
export function comingSoonMenus(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const soon = (what: string, adminOnly: boolean) => async (ctx: BotContext) => {
    if (adminOnly && (await refuseUnlessAdmin(ctx, deps, `menu:${what}`))) return;
    await ctx.reply(botTexts.comingSoon(what));
  };
  c.hears(MENU.backup, soon('Backup', true));
  c.command('backup', soon('Backup', true));
  return c;
}
