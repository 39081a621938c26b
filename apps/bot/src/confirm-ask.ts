import { texts, type JobData, type JobName, toHtml } from '@potion/jobs';
import type { BotContext, BotDeps } from './context.js';
import { hostNameIfMany } from './hosts.js';
import { confirmKeyboard } from './keyboards.js';

export interface AskOptions<N extends JobName> {
  job: N;
  payload: JobData<N>;
  /** The words for CONFIRM ("me-restart n8n.service"). */
  label: string;
  /** The host the job will go to: kept with the token, and named in the text when more than one host is known. */
  host: string;
  /** Edit this message of the bot instead of sending a new one. */
  editMessageId?: number;
}

/**
 * Asks the user to confirm a job: the PRD's CONFIRM text with ✅/❌ under it (editing
 * `editMessageId` when given, else a new message). Nothing is queued until the same user
 * confirms (menus/confirm.ts), and then on the host kept with the token. Only dispatch calls
 * it, when the registry asks for a confirmation.
 */
export async function askConfirmation<N extends JobName>(ctx: BotContext, deps: BotDeps, o: AskOptions<N>): Promise<void> {
  if (ctx.chat === undefined) return;
  const token = await deps.tokens.create({ userId: ctx.potion.userId, chatId: ctx.chat.id, job: o.job, payload: o.payload, label: o.label, host: o.host });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const markup = { reply_markup: confirmKeyboard(token) };
  const text = toHtml(texts.CONFIRM(o.label, await hostNameIfMany(deps, o.host)));
  if (o.editMessageId !== undefined) await ctx.api.editMessageText(ctx.chat.id, o.editMessageId, text, markup);
  else await ctx.reply(text, markup);
}
