import { CommandError, sudoRuleText } from '@potion/adapters';
import type { JobMeta, OutboxMessage, Producer } from '@potion/jobs';
import { texts, toHtml, type Text } from '@potion/jobs';
import type { OutboxJob } from './result-outbox.js';
import { AccessDeniedError, UserFacingError } from './retry-policy.js';

export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`the job took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
  }
}

/** The error summary for the chat, with its formatting (a UserFacingError's commands as code). */
export function userErrorMarkup(err: unknown): Text {
  return err instanceof UserFacingError ? err.text : userErrorText(err);
}

/** The short error summary a user reads in DONE_FAIL; the detail goes to runtime.log. */
export function userErrorText(err: unknown): string {
  if (err instanceof UserFacingError || err instanceof AccessDeniedError) return err.userText;
  if (err instanceof JobTimeoutError) return `kelamaan, lebih dari ${Math.round(err.timeoutMs / 1000)} detik jadi aku hentikan`;
  if (err instanceof CommandError) {
    const cmd = [err.command, ...err.args].join(' ').slice(0, 120);
    if (err.failure === 'not-found') return `perintah "${err.command}" belum terpasang di server`;
    if (err.failure === 'timeout') return `perintah "${cmd}" tidak selesai-selesai`;
    if (err.command === 'sudo' && /password is required|not allowed|may not run/i.test(err.stderrTail)) {
      return texts.sudoMissing(sudoRuleText(err.args));
    }
    const tail = err.stderrTail.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
    return `perintah "${cmd}" gagal${err.exitCode !== undefined ? ` (kode ${err.exitCode})` : ''}${tail ? `: ${tail}` : ''}`;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return msg.slice(0, 300);
}

/** `text`: plain text (escaped here) or markup; the outbox carries Telegram HTML. */
type ChatMessage = Omit<OutboxMessage, 'chatId' | 'createdAt' | 'editMessageId' | 'editPendingOf' | 'text'> & { text: Text; edit?: boolean };

/**
 * The outbox job for one message to the chat of a job (undefined when the job has no chat).
 * The id is derived from the job, so a job re-run after a crash does not send its result twice.
 */
export function chatOutboxJob(meta: JobMeta, msg: ChatMessage, outboxJobId: string, now: number): OutboxJob | undefined {
  if (meta.chatId === undefined) return undefined;
  const { edit = true, text, ...rest } = msg;
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
    jobId: outboxJobId,
  };
}

/** Puts one message for the chat of a job into the outbox (see chatOutboxJob). */
export async function notifyChat(producer: Producer, meta: JobMeta, msg: ChatMessage, outboxJobId: string, now: number): Promise<void> {
  const job = chatOutboxJob(meta, msg, outboxJobId, now);
  if (job) await producer.enqueue('notify.send', job.payload, job.meta, { jobId: job.jobId });
}

export function progressBar(percent: number, width = 10): string {
  const p = Math.max(0, Math.min(100, percent));
  const full = Math.round((p / 100) * width);
  return `${'▓'.repeat(full)}${'░'.repeat(width - full)} ${Math.round(p)}%`;
}

export { texts };
