import { buttons } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { botTexts } from '../texts.js';

/** What the confirmation asks about (texts.CONFIRM). */
export const SELF_UPDATE_LABEL = 'mengupdate potion-runner sendiri (build, restart; balik ke versi lama otomatis kalau tidak sehat)';

/** The ⚙️ Settings button that opens the preview (the settings keyboard shows it). */
export const SELF_UPDATE_BUTTON = { text: '⬆️ Update potion-runner', data: (): string => buttons.selfUpdate.build('check') };

/**
 * ⚙️ Settings → ⬆️ Update potion-runner (decision 045): `self:check` turns the menu into the
 * preview of incoming commits (selfupdate.preview, admins only); its "✅ Update sekarang"
 * (`self:go`) asks the usual confirmation of selfupdate.run as a new message. The registry's
 * gate in dispatch refuses everyone but admins.
 */
export function selfUpdateMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(buttons.selfUpdate.pattern, async (ctx) => {
    const act = buttons.selfUpdate.parse(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (act === 'check') return dispatch(ctx, deps, 'selfupdate.preview', {}, editing(ctx));
    return dispatch(ctx, deps, 'selfupdate.run', {}, { label: SELF_UPDATE_LABEL });
  });
  return c;
}
