import { buttons, type JobName, type PreviewedUpdate, type UpdateAction } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { enterMenu, simpleOpener, type MenuOpener } from './host-picker.js';

/**
 * What a menu button queues: apt and git first show what they would do (a read-only preview
 * whose "✅ Lanjut update" leads to the confirmation); deps asks the confirmation at once.
 */
const MENU_JOB = { apt: 'update.aptPreview', deps: 'update.deps', git: 'update.gitPreview' } as const satisfies Record<UpdateAction, JobName>;
const UPDATE_JOB = { apt: 'update.apt', git: 'update.git' } as const satisfies Record<PreviewedUpdate, JobName>;

function updateKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🔄 Apt update+upgrade (safe)', buttons.update.build('apt')).row()
    .text('📦 Sync dependensi (lock)', buttons.update.build('deps')).row()
    .text('📥 Pull repos', buttons.update.build('git'));
}

/** 🔄 Update for one host (host-picker.ts). */
export const openUpdate = (): MenuOpener => simpleOpener('upd', () => botTexts.pickUpdate, updateKeyboard);

/** 🔄 Update (admins only): apt, dependencies from lock files, git pull; each confirmed first. */
export function updateMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.hears(MENU.update, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:update')) return;
    await enterMenu(ctx, deps, 'upd', openUpdate());
  });
  // Admins only and confirmed first, as the registry says (dispatch applies it).
  c.callbackQuery(buttons.update.pattern, async (ctx) => {
    const b = buttons.update.parse(ctx.callbackQuery.data);
    // Under a preview: the confirmation comes as a new message, so the list stays readable above it.
    if (b !== undefined && typeof b !== 'string') return dispatch(ctx, deps, UPDATE_JOB[b.go], {}, { label: botTexts.updateLabel[b.go] });
    const act = b;
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, MENU_JOB[act], {}, { label: botTexts.updateLabel[act], ...editing(ctx) });
  });
  return c;
}
