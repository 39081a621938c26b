import { jobs, texts, type JobData, type JobName } from '@potion/jobs';
import type { BotContext, BotDeps } from './context.js';

export interface DispatchOptions {
  /** Turn this message of the bot into the pending one (a confirmation) instead of sending a new one. */
  editMessageId?: number;
  /**
   * Unix ms when the admin confirmed (a consumed confirmation token): a mutating job is then
   * signed so the worker runs it. Only the confirmation handlers pass it.
   */
  confirmedAt?: number;
}

/**
 * The courier pattern: show the pending message at once, enqueue one typed job that
 * knows which message to edit, and return. The worker's outcome comes back through the
 * outbox. The job id comes from the Telegram update id, so a redelivered update cannot
 * enqueue the job twice.
 */
export async function dispatch<N extends JobName>(ctx: BotContext, deps: BotDeps, name: N, payload: JobData<N>, opts: DispatchOptions = {}): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const requestId = `u${ctx.update.update_id}`;
  const jobId = `tg-${ctx.update.update_id}`;
  // An update handled again after a bot died (see dedupeGate): if its job is already in,
  // the user has their pending message and the job will edit it; send nothing more.
  if (await deps.producer.queue(jobs[name].queue).getJob(jobId).catch(() => undefined)) return;
  let messageId: number;
  if (opts.editMessageId !== undefined) {
    await ctx.api.editMessageText(chatId, opts.editMessageId, texts.PROCESSING);
    messageId = opts.editMessageId;
  } else {
    messageId = (await ctx.reply(texts.PROCESSING)).message_id;
  }
  try {
    await deps.producer.enqueue(
      name,
      payload,
      { requestId, by: { kind: 'telegram', userId: ctx.potion.userId }, chatId, messageId, enqueuedAt: deps.now() },
      { jobId, ...(opts.confirmedAt !== undefined ? { authorizedAt: opts.confirmedAt } : {}) },
    );
  } catch (err) {
    deps.log.error({ module: 'bot:courier', err, job: name, requestId }, 'could not enqueue a job');
    await ctx.api.editMessageText(chatId, messageId, texts.queueDown);
  }
}
