import { Composer } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

/**
 * Menu entries whose jobs are built in other issues (logs.*, backup.*, net.*, update.*,
 * host.*). Each says "segera hadir" until its flow is wired; the mutating ones
 * already check the admin role first.
 */
export function comingSoonMenus(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const soon = (what: string, adminOnly: boolean) => async (ctx: BotContext) => {
    if (adminOnly && (await refuseUnlessAdmin(ctx, deps, `menu:${what}`))) return;
    await ctx.reply(botTexts.comingSoon(what));
  };
  c.hears(MENU.logs, soon('Logs', false));
  c.command('logs', soon('Logs', false));
  c.hears(MENU.backup, soon('Backup', true));
  c.command('backup', soon('Backup', true));
  c.hears(MENU.network, soon('Network', false));
  c.hears(MENU.update, soon('Update', true));
  c.command('reboot', soon('Reboot', true));
  return c;
}
