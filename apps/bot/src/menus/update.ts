import type { JobName } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import { cb, parseUpdateData, type UpdateAction } from '../callback-data.js';
import type { ConfirmTokens } from '../confirm-token.js';
import type { BotContext, BotDeps } from '../context.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { askConfirmation } from './confirm.js';

const UPDATE_JOB = { apt: 'update.apt', deps: 'update.deps', git: 'update.git' } as const satisfies Record<UpdateAction, JobName>;

function updateKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🔄 Apt update+upgrade (safe)', cb.update('apt')).row()
    .text('📦 Sync dependensi (lock)', cb.update('deps')).row()
    .text('📥 Pull repos', cb.update('git'));
}

/** 🔄 Update (admins only): apt, dependencies from lock files, git pull; each confirmed first. */
export function updateMenu(deps: BotDeps, tokens: ConfirmTokens): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.hears(MENU.update, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:update')) return;
    await ctx.reply(botTexts.pickUpdate, { reply_markup: updateKeyboard() });
  });
  c.callbackQuery(/^upd:/, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data.slice(0, 64)}`)) return;
    const act = parseUpdateData(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await ctx.answerCallbackQuery();
    await askConfirmation(ctx, tokens, UPDATE_JOB[act], {}, botTexts.updateLabel[act], ctx.callbackQuery.message?.message_id);
  });
  return c;
}
