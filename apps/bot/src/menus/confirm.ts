import { buttons, toHtml } from '@potion/jobs';
import { Composer } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { TakeResult } from '../confirm-token.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { botTexts } from '../texts.js';

function refusalText(r: Extract<TakeResult, { ok: false }>): string {
  return r.reason === 'not-yours' ? botTexts.confirmNotYours : botTexts.confirmGone;
}

/**
 * The answers to a confirmation that dispatch asked for (confirm-ask.ts): ✅ (buttons.confirm),
 * ❌ (buttons.cancel), or a typed "YA". A forged, replayed, expired or other user's token does
 * nothing but say so; a consumed one goes back to dispatch as the job's confirmation.
 */
export function confirmHandlers(deps: BotDeps): Composer<BotContext> {
  const { tokens } = deps;
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:confirm' });

  c.callbackQuery(buttons.confirm.pattern, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'confirm')) return;
    // Malformed data is an unknown token: take() says it is gone.
    const r = await tokens.take(buttons.confirm.parse(ctx.callbackQuery.data) ?? '', ctx.potion.userId);
    if (!r.ok) {
      log.warn({ userId: ctx.potion.userId, reason: r.reason }, 'ignored a confirmation button');
      return void (await ctx.answerCallbackQuery({ text: refusalText(r), show_alert: true }));
    }
    const messageId = ctx.callbackQuery.message?.message_id;
    await dispatch(ctx, deps, r.action.job, r.action.payload as never, { confirmation: r.confirmation, host: r.action.host ?? deps.config.hostId, ...(messageId !== undefined ? { editMessageId: messageId } : {}) });
  });

  c.callbackQuery(buttons.cancel.pattern, async (ctx) => {
    const r = await tokens.take(buttons.cancel.parse(ctx.callbackQuery.data) ?? '', ctx.potion.userId);
    if (!r.ok) return void (await ctx.answerCallbackQuery({ text: refusalText(r), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(toHtml(botTexts.cancelled));
  });

  c.hears(/^\s*ya\s*!?\s*$/i, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'confirm:YA')) return;
    const token = await tokens.latestOf(ctx.potion.userId);
    const r: TakeResult = token ? await tokens.take(token, ctx.potion.userId) : { ok: false, reason: 'gone' };
    if (!r.ok) return void (await ctx.reply(toHtml(token ? refusalText(r) : botTexts.nothingToConfirm)));
    await dispatch(ctx, deps, r.action.job, r.action.payload as never, { confirmation: r.confirmation, host: r.action.host ?? deps.config.hostId });
  });
  return c;
}
