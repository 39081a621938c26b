import { html, tellAdmins as tellAdminsShared, toHtml, type JobMeta, type OutboxMessage, type Producer, type TellAdminsDeps, type TellAdminsOptions, type Text } from '@potion/jobs';
import type { Config } from '@potion/platform';
import type { Redis } from 'ioredis';
import { alertHostName, hostPrefix } from '../alerts/host-name.js';
import type { OutboxJob } from './result-outbox.js';

/**
 * What the worker puts into the outbox (queue `notify`, delivered by the bot), in two shapes:
 * - `notifyChat`: a message to the chat of one job (its result, its progress), with an id
 *   derived from the job (`res.<queue>.<jobId>`, `prog<n>`...), so a re-run sends nothing twice;
 * - `tellAdmins`: one message to every admin, with the ids `<purpose>.<id>.<admin>` (decision
 *   032). It is written once, in libs/jobs, because the bot tells the admins too.
 */
export { adminJobId, type TellAdminsOptions } from '@potion/jobs';

export interface WorkerTellDeps extends TellAdminsDeps {
  /** With the host's config, an alert names its host when more than one is known (alerts/host-name.ts). */
  redis?: Redis;
  config: TellAdminsDeps['config'] & Partial<Pick<Config, 'hostId' | 'hostRole'>>;
}

/** tellAdmins of libs/jobs; an alert (kind `alert`) starts with "🖥️ pi · " when more than one host is known. */
export async function tellAdmins(deps: WorkerTellDeps, o: TellAdminsOptions): Promise<string[]> {
  const { hostId, hostRole } = deps.config;
  if (o.kind !== 'alert' || !deps.redis || hostId === undefined || hostRole === undefined) return tellAdminsShared(deps, o);
  const prefix = hostPrefix(await alertHostName({ redis: deps.redis, config: { hostId, hostRole } }));
  return tellAdminsShared(deps, prefix ? { ...o, text: html`${prefix}${o.text}` } : o);
}

/** `text`: plain text (escaped here) or markup made with `html`; the outbox carries Telegram HTML. */
export type ChatMessage = Omit<OutboxMessage, 'chatId' | 'createdAt' | 'editMessageId' | 'editPendingOf' | 'text'> & {
  text: Text;
  /** Edit the job's pending message instead of sending a new one. Default true. */
  edit?: boolean;
};

export interface ChatNotice {
  /** The job's meta: its chat, its pending message, its request id. */
  meta: JobMeta;
  msg: ChatMessage;
  /** The outbox job id, derived from the job so that a job re-run after a crash does not send it twice. */
  jobId: string;
  /** Unix ms: when the text was made. */
  now: number;
}

/** The outbox job for one message to the chat of a job (undefined when the job has no chat). */
export function chatOutboxJob(n: ChatNotice): OutboxJob | undefined {
  const { meta, now } = n;
  if (meta.chatId === undefined) return undefined;
  const { edit = true, text, ...rest } = n.msg;
  return {
    payload: {
      ...rest,
      text: toHtml(text),
      chatId: meta.chatId,
      ...(edit && meta.messageId !== undefined ? { editMessageId: meta.messageId } : {}),
      ...(edit && meta.messageId === undefined && meta.pendingJob !== undefined ? { editPendingOf: meta.pendingJob } : {}),
      createdAt: now,
    },
    meta: { requestId: meta.requestId, by: { kind: 'system', name: 'worker' }, enqueuedAt: now },
    jobId: n.jobId,
  };
}

/** Puts one message for the chat of a job into the outbox (see chatOutboxJob). */
export async function notifyChat(producer: Pick<Producer, 'enqueue'>, n: ChatNotice): Promise<void> {
  const job = chatOutboxJob(n);
  if (job) await producer.enqueue('notify.send', job.payload, job.meta, { jobId: job.jobId });
}
