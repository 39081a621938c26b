import { toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import { parseAlertToggleData } from '../callback-data.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { showSchedulePicker } from './backup.js';

const BOT_VERSION = '0.1.0';

function settingsKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🕑 Set jadwal backup', 'set:schedule').row()
    .text('🔔 Toggle alert suhu/disk', 'set:alerts').row()
    .text('🛠️ Mode perawatan 2 jam', 'set:maint:120').text('🔔 Akhiri perawatan', 'set:maint:0').row()
    .text('👥 Daftar admin', 'set:admins').text('ℹ️ About', 'set:about');
}

/**
 * ⚙️ Settings (admin only). The admin list and About come from the configuration; the
 * backup schedule is the same picker as 💾 Backup → ⏰ Jadwal; the alert toggles are the worker's
 * `settings.get` view, whose `set:alert:<family>:on|off` buttons become `settings.set` (the result
 * edits that same message).
 */
export function settingsMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const { config } = deps;
  c.hears(MENU.settings, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:settings')) return;
    await ctx.reply(toHtml('⚙️ Settings: mau atur apa?'), { reply_markup: settingsKeyboard() });
  });
  c.callbackQuery('set:schedule', (ctx) => showSchedulePicker(ctx, deps));
  // settings.get is open to viewers in the registry (the worker shows it to anyone who may
  // look); it is the ⚙️ Settings menu that is for admins only, so this one check stays here.
  c.callbackQuery('set:alerts', async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'button:set:alerts')) return;
    await dispatch(ctx, deps, 'settings.get', {});
  });
  c.callbackQuery(/^set:alert:/, async (ctx) => {
    const t = parseAlertToggleData(ctx.callbackQuery.data);
    if (!t) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, 'settings.set', t, editing(ctx));
  });
  c.callbackQuery('set:admins', async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'button:set:admins')) return;
    await ctx.answerCallbackQuery();
    const viewers = config.viewerIds.length ? config.viewerIds.join(', ') : '(belum ada)';
    await ctx.reply(
      toHtml(`👥 Admin (boleh semua): ${config.adminIds.join(', ')}\n👀 Viewer (cuma lihat): ${viewers}\n\n` +
        'Untuk mengubah: edit ADMIN_IDS / VIEWER_IDS di file .env lalu restart bot.'),
    );
  });
  c.callbackQuery('set:about', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(
      toHtml(`ℹ️ potion-runner ${BOT_VERSION}\nServer: ${config.hostId} · zona waktu ${config.timezone}\n` +
        `Service yang dipantau: ${config.servicesWhitelist.length ? config.servicesWhitelist.join(', ') : '(belum ada)'}\n` +
        'Semua aksi tercatat di actions.log.'),
    );
  });
  return c;
}
