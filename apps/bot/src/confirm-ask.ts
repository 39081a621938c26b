import { texts, type JobData, type JobName, toHtml } from '@potion/jobs';
import type { BotContext, BotDeps } from './context.js';
import { confirmKeyboard } from './keyboards.js';

/**
 * Asks the user to confirm a job: the PRD's CONFIRM text with ✅/❌ under it (editing
 * `editMessageId` when given, else a new message). Nothing is queued until the same user
 * confirms (menus/confirm.ts). Only dispatch calls it, when the registry asks for a confirmation.
 */
export async function askConfirmation<N extends JobName>(ctx: BotContext, deps: BotDeps, job: N, payload: JobData<N>, label: string, editMessageId?: number): Promise<void> {
  if (ctx.chat === undefined) return;
  const token = await deps.tokens.create({ userId: ctx.potion.userId, chatId: ctx.chat.id, job, payload, label });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const markup = { reply_markup: confirmKeyboard(token) };
  if (editMessageId !== undefined) await ctx.api.editMessageText(ctx.chat.id, editMessageId, toHtml(texts.CONFIRM(label)), markup);
  else await ctx.reply(toHtml(texts.CONFIRM(label)), markup);
}
