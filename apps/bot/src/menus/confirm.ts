import { texts, type JobData, type JobName } from '@potion/jobs';
import { Composer } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { ConfirmTokens, TakeResult } from '../confirm-token.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { confirmKeyboard } from '../keyboards.js';
import { botTexts } from '../texts.js';

/**
 * Asks the user to confirm a mutating job: the PRD's CONFIRM text with ✅/❌ under it
 * (editing `editMessageId` when given, else a new message). Nothing is enqueued until the
 * same user confirms. Wiring a new mutating flow (e.g. /reboot -> host.reboot) is one call.
 */
export async function askConfirmation<N extends JobName>(
  ctx: BotContext,
  tokens: ConfirmTokens,
  job: N,
  payload: JobData<N>,
  label: string,
  editMessageId?: number,
): Promise<void> {
  if (ctx.chat === undefined) return;
  const token = await tokens.create({ userId: ctx.potion.userId, chatId: ctx.chat.id, job, payload, label });
  const markup = { reply_markup: confirmKeyboard(token) };
  if (editMessageId !== undefined) await ctx.api.editMessageText(ctx.chat.id, editMessageId, texts.CONFIRM(label), markup);
  else await ctx.reply(texts.CONFIRM(label), markup);
}

function refusalText(r: Extract<TakeResult, { ok: false }>): string {
  return r.reason === 'not-yours' ? botTexts.confirmNotYours : botTexts.confirmGone;
}

/**
 * The answers to a confirmation: ✅ (`cf:<token>`), ❌ (`cx:<token>`), or a typed "YA".
 * A forged, replayed, expired or other user's token does nothing but say so.
 */
export function confirmHandlers(deps: BotDeps, tokens: ConfirmTokens): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:confirm' });

  c.callbackQuery(/^cf:(.{1,60})$/, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'confirm')) return;
    const r = await tokens.take(ctx.match[1] ?? '', ctx.potion.userId);
    if (!r.ok) {
      log.warn({ userId: ctx.potion.userId, reason: r.reason }, 'ignored a confirmation button');
      return void (await ctx.answerCallbackQuery({ text: refusalText(r), show_alert: true }));
    }
    const confirmedAt = deps.now();
    await ctx.answerCallbackQuery();
    const messageId = ctx.callbackQuery.message?.message_id;
    await dispatch(ctx, deps, r.action.job, r.action.payload as never, { confirmedAt, ...(messageId !== undefined ? { editMessageId: messageId } : {}) });
  });

  c.callbackQuery(/^cx:(.{1,60})$/, async (ctx) => {
    const r = await tokens.take(ctx.match[1] ?? '', ctx.potion.userId);
    if (!r.ok) return void (await ctx.answerCallbackQuery({ text: refusalText(r), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(botTexts.cancelled);
  });

  c.hears(/^\s*ya\s*!?\s*$/i, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'confirm:YA')) return;
    const token = await tokens.latestOf(ctx.potion.userId);
    const r: TakeResult = token ? await tokens.take(token, ctx.potion.userId) : { ok: false, reason: 'gone' };
    if (!r.ok) return void (await ctx.reply(token ? refusalText(r) : botTexts.nothingToConfirm));
    await dispatch(ctx, deps, r.action.job, r.action.payload as never, { confirmedAt: deps.now() });
  });
  return c;
}
