import { texts, type JobData, type JobName } from '@potion/jobs';
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

/** The outbox job that shows the pending message of one Telegram update. */
export const pendingJobId = (updateId: number) => `pend-${updateId}`;

/**
 * The courier pattern: queue the pending message and one typed job that knows which
 * message to edit, and return. The pending message goes through the durable outbox like
 * the outcome (issue 21, item 15): a rate limit or an outage can delay it, never lose the
 * press. The outbox delivers a chat's messages in order, so the pending message is shown
 * before the outcome edits it. The job id comes from the Telegram update id, so a
 * redelivered update cannot enqueue the job (or its pending message) twice.
 */
export async function dispatch<N extends JobName>(ctx: BotContext, deps: BotDeps, name: N, payload: JobData<N>, opts: DispatchOptions = {}): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const log = deps.log.child({ module: 'bot:courier' });
  const updateId = ctx.update.update_id;
  const requestId = `u${updateId}`;
  const jobId = `tg-${updateId}`;
  const pendingJob = pendingJobId(updateId);
  // An update handled again after a bot died (see dedupeGate) queues nothing twice: both
  // job ids come from the update id, and BullMQ keeps the existing job for a known id.
  const from = { by: { kind: 'system', name: 'bot' } as const, enqueuedAt: deps.now() };
  const target = opts.editMessageId !== undefined ? { editMessageId: opts.editMessageId } : {};
  try {
    await deps.producer.enqueue('notify.send', { chatId, text: texts.PROCESSING, kind: 'info', createdAt: deps.now(), ...target }, { requestId, ...from }, { jobId: pendingJob });
  } catch (err) {
    // Redis is down: nothing can be queued, so say so directly.
    log.error({ err, job: name, requestId }, 'could not queue the pending message');
    if (opts.editMessageId !== undefined) await ctx.api.editMessageText(chatId, opts.editMessageId, texts.queueDown);
    else await ctx.reply(texts.queueDown);
    return;
  }
  try {
    await deps.producer.enqueue(
      name,
      payload,
      {
        requestId,
        by: { kind: 'telegram', userId: ctx.potion.userId },
        chatId,
        ...(opts.editMessageId !== undefined ? { messageId: opts.editMessageId } : { pendingJob }),
        enqueuedAt: deps.now(),
      },
      { jobId, ...(opts.confirmedAt !== undefined ? { authorizedAt: opts.confirmedAt } : {}) },
    );
  } catch (err) {
    log.error({ err, job: name, requestId }, 'could not enqueue a job');
    const down = { chatId, text: texts.queueDown, kind: 'result' as const, createdAt: deps.now(), ...(opts.editMessageId !== undefined ? target : { editPendingOf: pendingJob }) };
    await deps.producer.enqueue('notify.send', down, { requestId, ...from }, { jobId: `qdown-${updateId}` }).catch(async (e: unknown) => {
      log.error({ err: e, requestId }, 'could not queue the "queue is down" answer either; replying directly');
      await ctx.reply(texts.queueDown);
    });
  }
}
