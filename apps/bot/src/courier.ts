import { texts, type JobData, type JobName, type OutboxMessage, toHtml } from '@potion/jobs';
import type { Logger } from '@potion/platform';
import { askConfirmation } from './confirm-ask.js';
import type { Confirmation } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';
import { hostOf } from './hosts.js';
import { gateJob } from './job-gate.js';

export interface DispatchOptions {
  /** Turn this message of the bot into the pending one (or the confirmation) instead of sending a new one. */
  editMessageId?: number;
  /**
   * The words for the confirmation ("me-restart n8n.service") when the registry says the job
   * needs one (`mutates` or `confirm`). Without it the job's name is shown.
   */
  label?: string;
  /**
   * A consumed confirmation token for this job and payload (only the confirmation handlers
   * have one): the job is then queued, and a mutating one signed so the worker runs it.
   */
  confirmation?: Confirmation;
  /** The host whose queue gets the job; default the host of the press (hosts.ts `hostOf`). */
  host?: string;
}

/** Options that make the answer (or the confirmation) edit the message under the pressed button. */
export function editing(ctx: BotContext): Pick<DispatchOptions, 'editMessageId'> {
  const messageId = ctx.callbackQuery?.message?.message_id;
  return messageId !== undefined ? { editMessageId: messageId } : {};
}

/** The outbox job that shows the pending message of one Telegram update. */
export const pendingJobId = (updateId: number) => `pend-${updateId}`;

/**
 * The one way the bot queues a job for a Telegram user. First the gate (job-gate.ts) applies
 * the registry: a user whose role may not ask is refused; a job that needs a confirmation and
 * has none is not queued: the user is asked to confirm instead. A button press is answered
 * here (the refusal is the answer), so menus do not answer it before calling dispatch.
 *
 * Then the courier pattern: queue the pending message and one typed job that knows which
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
  const verdict = await gateJob(ctx, deps, name, payload, opts.confirmation);
  if (verdict === 'refused') return;
  const host = opts.host ?? (await hostOf(ctx, deps));
  if (verdict === 'confirm') {
    if (opts.label === undefined) log.warn({ job: name }, 'a job that needs a confirmation was dispatched without a label');
    return askConfirmation(ctx, deps, { job: name, payload, label: opts.label ?? name, host, ...(opts.editMessageId !== undefined ? { editMessageId: opts.editMessageId } : {}) });
  }
  // A press is answered (the phone's spinner stops) while its job is queued, not before: the
  // answer never fails the handler (answer-callback.ts) and must not delay the queueing.
  const answered = ctx.callbackQuery ? ctx.answerCallbackQuery() : undefined;
  await Promise.all([queuePress(ctx, deps, name, payload, opts, { chatId, host, log }), answered]);
}

/** The courier's queueing: the pending message and the job, one transaction. */
async function queuePress<N extends JobName>(ctx: BotContext, deps: BotDeps, name: N, payload: JobData<N>, opts: DispatchOptions, at: { chatId: number; host: string; log: Logger }): Promise<void> {
  const { chatId, host, log } = at;
  // The moment the admin confirmed: a mutating job is signed with it (docs/decisions/023).
  const confirmedAt = opts.confirmation !== undefined ? deps.now() : undefined;
  const updateId = ctx.update.update_id;
  const requestId = `u${updateId}`;
  const jobId = `tg-${updateId}`;
  const pendingJob = pendingJobId(updateId);
  // An update handled again after a bot died (see dedupeGate) queues nothing twice: both
  // job ids come from the update id, and BullMQ keeps the existing job for a known id.
  const from = { by: { kind: 'system', name: 'bot' } as const, enqueuedAt: deps.now() };
  const target = opts.editMessageId !== undefined ? { editMessageId: opts.editMessageId } : {};
  const pendingMsg: OutboxMessage = { chatId, text: toHtml(texts.PROCESSING), kind: 'info', createdAt: deps.now(), ...target };
  const meta = {
    requestId,
    by: { kind: 'telegram' as const, userId: ctx.potion.userId },
    chatId,
    ...(opts.editMessageId !== undefined ? { messageId: opts.editMessageId } : { pendingJob }),
    enqueuedAt: deps.now(),
  };
  const jobOpts = { jobId, host, ...(confirmedAt !== undefined ? { authorizedAt: confirmedAt } : {}) };
  let ids: Array<string | undefined>;
  try {
    // One transaction: the outbox cannot see the pending message before the job is queued, so
    // the user is told nothing is happening only once it is; one round trip for both.
    ids = await deps.producer.enqueueTogether([
      { name: 'notify.send', payload: pendingMsg, meta: { requestId, ...from }, opts: { jobId: pendingJob } },
      { name, payload, meta, opts: jobOpts },
    ]);
  } catch (err) {
    // Redis is down: nothing can be queued, so say so directly.
    log.error({ err, job: name, requestId }, 'could not queue the pending message and the job');
    if (opts.editMessageId !== undefined) await ctx.api.editMessageText(chatId, opts.editMessageId, toHtml(texts.queueDown));
    else await ctx.reply(toHtml(texts.queueDown));
    return;
  }
  // Redis refused one of them on its own (not an outage): a job without its pending message
  // sends its result as a new message (deliver.ts); a pending message without its job is
  // turned into the "queue is down" answer.
  if (ids[0] === undefined) log.error({ job: name, requestId }, 'Redis refused the pending message; the result will come as a new message');
  // Both are queued: the pending message goes out now rather than when the outbox worker takes
  // its job (which then finds it sent); a crash before it is sent leaves that job to send it.
  else deps.deliverNow?.(pendingMsg, pendingJob, requestId, { unsent: ctx.potion.firstClaim === true });
  if (ids[1] !== undefined) return;
  log.error({ job: name, requestId }, 'Redis refused the job');
  const down = { chatId, text: toHtml(texts.queueDown), kind: 'result' as const, createdAt: deps.now(), ...(opts.editMessageId !== undefined ? target : { editPendingOf: pendingJob }) };
  await deps.producer.enqueue('notify.send', down, { requestId, ...from }, { jobId: `qdown-${updateId}` }).catch(async (e: unknown) => {
    log.error({ err: e, requestId }, 'could not queue the "queue is down" answer either; replying directly');
    await ctx.reply(toHtml(texts.queueDown));
  });
}
