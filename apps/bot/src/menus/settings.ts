import { buttons, type SettingsButton, toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { showSchedulePicker } from './backup.js';
import { SELF_UPDATE_BUTTON } from './self-update.js';

const BOT_VERSION = '0.1.0';

const data = (b: SettingsButton): string => buttons.settings.build(b);

function settingsKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🕑 Set jadwal backup', data({ kind: 'schedule' })).row()
    .text('🔔 Toggle alert suhu/disk', data({ kind: 'alerts' })).row()
    .text('🛠️ Mode perawatan 2 jam', data({ kind: 'maintenance', minutes: 120 })).text('🔔 Akhiri perawatan', data({ kind: 'maintenance', minutes: 0 })).row()
    .text('📏 Ambang alert', buttons.tune.build({ kind: 'home' })).text('📜 Aktivitas', buttons.tune.build({ kind: 'activity', page: 0 })).row()
    .text('👥 Daftar admin', data({ kind: 'admins' })).text('ℹ️ About', data({ kind: 'about' })).row()
    .text(SELF_UPDATE_BUTTON.text, SELF_UPDATE_BUTTON.data());
}

/**
 * ⚙️ Settings (admin only). The admin list and About come from the configuration; the
 * backup schedule is the same picker as 💾 Backup → ⏰ Jadwal; the alert toggles are the worker's
 * `settings.get` view, whose toggle buttons become `settings.set` (the result edits that same
 * message); maintenance mode becomes a `health.mute` of every alert (0 minutes ends it).
 */
export function settingsMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const { config } = deps;
  c.hears(MENU.settings, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:settings')) return;
    await ctx.reply(toHtml('⚙️ Settings: mau atur apa?'), { reply_markup: settingsKeyboard() });
  });
  c.callbackQuery(buttons.settings.pattern, async (ctx) => {
    const b = buttons.settings.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    switch (b.kind) {
      case 'schedule':
        return showSchedulePicker(ctx, deps);
      case 'alerts':
        // settings.get is open to viewers in the registry (the worker shows it to anyone who may
        // look); it is the ⚙️ Settings menu that is for admins only, so this one check stays here.
        if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`)) return;
        return dispatch(ctx, deps, 'settings.get', {});
      case 'toggle':
        return dispatch(ctx, deps, 'settings.set', { family: b.family, enabled: b.enabled }, editing(ctx));
      case 'maintenance':
        // Admins only (the registry's health.mute): dispatch refuses the others.
        return dispatch(ctx, deps, 'health.mute', { alertId: 'all', minutes: b.minutes });
      case 'admins':
        return showAdmins(ctx);
      case 'about':
        return showAbout(ctx);
    }
  });

  async function showAdmins(ctx: BotContext): Promise<void> {
    if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery?.data ?? ''}`)) return;
    await ctx.answerCallbackQuery();
    const viewers = config.viewerIds.length ? config.viewerIds.join(', ') : '(belum ada)';
    await ctx.reply(
      toHtml(`👥 Admin (boleh semua): ${config.adminIds.join(', ')}\n👀 Viewer (cuma lihat): ${viewers}\n\n` +
        'Untuk mengubah: edit ADMIN_IDS / VIEWER_IDS di file .env lalu restart bot.'),
    );
  }

  async function showAbout(ctx: BotContext): Promise<void> {
    await ctx.answerCallbackQuery();
    await ctx.reply(
      toHtml(`ℹ️ potion-runner ${BOT_VERSION}\nServer: ${config.hostId} · zona waktu ${config.timezone}\n` +
        `Service yang dipantau: ${config.servicesWhitelist.length ? config.servicesWhitelist.join(', ') : '(belum ada)'}\n` +
        'Semua aksi tercatat di actions.log.'),
    );
  }
  return c;
}
