import { toHtml } from '@potion/jobs';
import type { JobName } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import { cb, parseUpdateData, type UpdateAction } from '../callback-data.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

const UPDATE_JOB = { apt: 'update.apt', deps: 'update.deps', git: 'update.git' } as const satisfies Record<UpdateAction, JobName>;

function updateKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🔄 Apt update+upgrade (safe)', cb.update('apt')).row()
    .text('📦 Sync dependensi (lock)', cb.update('deps')).row()
    .text('📥 Pull repos', cb.update('git'));
}

/** 🔄 Update (admins only): apt, dependencies from lock files, git pull; each confirmed first. */
export function updateMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.hears(MENU.update, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:update')) return;
    await ctx.reply(toHtml(botTexts.pickUpdate), { reply_markup: updateKeyboard() });
  });
  // Admins only and confirmed first, as the registry says (dispatch applies it).
  c.callbackQuery(/^upd:/, async (ctx) => {
    const act = parseUpdateData(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, UPDATE_JOB[act], {}, { label: botTexts.updateLabel[act], ...editing(ctx) });
  });
  return c;
}
