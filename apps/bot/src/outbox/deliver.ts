import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { htmlToText, keys, toHtml, type OutboxMessage } from '@potion/jobs';
import { type Config, type Logger } from '@potion/platform';
import { GrammyError, InlineKeyboard, InputFile, type Api } from 'grammy';
import type { Redis } from 'ioredis';
import { isRateLimit, isTransient, type TelegramLink } from '../link.js';
import { botTexts } from '../texts.js';
import { MAX_TEXT_PARTS, preview, shownLength, splitText } from './split.js';
import { MESSAGE_HOST_TTL_SEC } from '../hosts.js';
import { SentMemo } from './sent-memo.js';

/** A progress edit older than this at delivery time is dropped (a newer one or the result follows). */
export const PROGRESS_MAX_AGE_MS = 20_000;
/** Sent-message records live as long as completed jobs (see KEEP_COMPLETED). */
const SENT_TTL_SEC = 48 * 3600;
const EDIT_TTL_SEC = 24 * 3600;

export interface RetryOptions {
  /** First wait after a failed call. Default 250 ms. */
  minDelayMs?: number;
  /** Longest wait between tries while Telegram is unreachable. Default: config.telegramRetryMaxMs. */
  maxDelayMs?: number;
}

type GrammySignal = Parameters<Api['sendMessage']>[3];

type Step =
  | { kind: 'text'; text: string; editMessageId?: number; buttons?: InlineKeyboard }
  | { kind: 'file'; file: InputFile; caption?: string }
  | { kind: 'photo'; file: InputFile };

export interface DeliverOptions {
  /** Whose outbox the message came from (see deliver). */
  host?: string;
  /** The job's record, read early (earlyRecord). */
  record?: Promise<Record<string, string>>;
  /** Called once every part is sent, before the record of it is written. */
  onSent?: () => void;
}

export interface DeliverDeps {
  /** An Api without auto-retry: the outbox waits out 429s and outages itself, per chat. */
  api: Api;
  redis: Redis;
  config: Config;
  log: Logger;
  link: TelegramLink;
  now: () => number;
  retry?: RetryOptions;
}

function keyboard(buttons: OutboxMessage['buttons']): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  return InlineKeyboard.from(buttons.map((row) => row.map((b) => InlineKeyboard.text(b.text, b.data))));
}

/** The file a message may attach: only under DATA_DIR or LOG_DIR, after resolving links. */
export function allowedFile(path: string, config: Config): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const roots = [config.dataDir, config.logDir].map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return r;
    }
  });
  return roots.some((r) => real.startsWith(r + sep)) ? real : undefined;
}

/** Turns one outbox message into Telegram calls: split, or attached as a file, never cut silently. */
export function plan(m: OutboxMessage, config: Config, requestId: string): { steps: Step[]; problems: string[] } {
  const problems: string[] = [];
  const buttons = keyboard(m.buttons);
  const steps: Step[] = [];
  let parts: string[];
  try {
    parts = splitText(m.text);
  } catch (err) {
    // Not our markup (a producer skipped toHtml): shown escaped, tags and all, rather than refused by Telegram.
    problems.push(`text is not valid HTML (${(err as Error).message}); sent escaped`);
    m = { ...m, text: toHtml(m.text) };
    parts = splitText(m.text);
  }
  if (parts.length <= MAX_TEXT_PARTS) {
    parts.forEach((text, i) => steps.push({ kind: 'text', text, ...(i === 0 && m.editMessageId ? { editMessageId: m.editMessageId } : {}) }));
  } else {
    const head = `${toHtml(botTexts.longResult(shownLength(m.text)))}\n\n${preview(m.text)}`;
    steps.push({ kind: 'text', text: head, ...(m.editMessageId ? { editMessageId: m.editMessageId } : {}) });
    steps.push({ kind: 'file', file: new InputFile(Buffer.from(htmlToText(m.text), 'utf8'), `hasil-${requestId}.txt`) });
  }
  const last = steps.filter((s) => s.kind === 'text').at(-1);
  if (buttons && last?.kind === 'text') last.buttons = buttons;
  if (m.document) {
    const path = allowedFile(m.document.path, config);
    if (path) steps.push({ kind: 'file', file: new InputFile(path, m.document.filename) });
    else problems.push(`document ${m.document.path} is not a file under DATA_DIR or LOG_DIR; not sent`);
  }
  if (m.photo) {
    const path = allowedFile(m.photo.path, config);
    if (path) steps.push({ kind: 'photo', file: new InputFile(path, m.photo.filename) });
    else problems.push(`photo ${m.photo.path} is not a file under DATA_DIR or LOG_DIR; not sent`);
  }
  return { steps, problems };
}

/** Our own per-call timeout fired (a hanging server, or auto-retry waiting out a long retry_after): try again. */
class CallTimeoutError extends Error {}

/** Waits `ms` unless `signal` aborts first; the abort listener is removed either way (no pile-up on the long-lived stop signal). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(t), reject(signal.reason));
    const t = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Delivers one outbox message (the consumer runs one at a time per chat). While Telegram is
 * unreachable or rate-limits the chat it waits and tries again (backoff, retry_after)
 * inside the same job, so the chat's order is kept; what it sent is recorded per step in
 * Redis (keys.sent), so a retried job sends nothing twice.
 */
export class Deliverer {
  readonly #log: Logger;
  readonly #memo = new SentMemo();
  constructor(private readonly deps: DeliverDeps) {
    this.#log = deps.log.child({ module: 'bot:outbox' });
  }

  /**
   * The record (keys.sent) of a message that edits the pending message of another job, read
   * at once, before the message waits in its chat's lane: only its own delivery writes it, so
   * it cannot change while it waits, and the edit then goes out as soon as the pending message
   * is sent (the 📊 Status press waits for it). Undefined for any other message.
   */
  earlyRecord(msg: OutboxMessage, jobId: string): Promise<Record<string, string>> | undefined {
    if (msg.editPendingOf === undefined || msg.editMessageId || this.#memo.get(jobId) !== undefined) return undefined;
    const read = this.deps.redis.hgetall(keys.sent(jobId));
    read.catch(() => undefined);
    return read;
  }

  /**
   * `host`: whose outbox (`notify@<host>`) the message came from; every message it sends or
   * edits is recorded as that host's (keys.messageHost), so a press on its buttons acts on that
   * host only, whatever the buttons' data claims (hosts.ts `hostOf`). `record`: the job's
   * record as read by earlyRecord.
   */
  async deliver(msg: OutboxMessage, jobId: string, requestId: string, signal: AbortSignal, opts: DeliverOptions = {}): Promise<{ messageId: number | null; skipped?: string }> {
    const { redis } = this.deps;
    const { host } = opts;
    const sentKey = keys.sent(jobId);
    const toNumber = (id: string | undefined): number | null => (id && id !== '-' ? Number(id) : null);
    const known = this.#memo.get(jobId);
    if (known !== undefined) return { messageId: toNumber(known), skipped: 'already sent' };
    // The pending message's id: remembered when this bot sent it, else read with this job's
    // record in one round trip, though it is needed only when this job was not sent yet.
    const pendingJob = msg.editPendingOf !== undefined && !msg.editMessageId ? msg.editPendingOf : undefined;
    let pendingId: string | null | undefined = pendingJob !== undefined ? this.#memo.get(pendingJob) : undefined;
    const readPending = pendingJob !== undefined && pendingId === undefined;
    let sent: Record<string, string>;
    if (opts.record && !readPending) sent = await opts.record;
    else {
      const read = redis.pipeline();
      if (!opts.record) read.hgetall(sentKey);
      if (readPending) read.hget(keys.sent(pendingJob), '0');
      const replies = (await read.exec()) ?? [];
      for (const [err] of replies) if (err) throw err;
      sent = opts.record ? await opts.record : (replies[0]?.[1] as Record<string, string>);
      if (readPending) pendingId = replies.at(-1)?.[1] as string | null;
    }
    const first = (): number | null => toNumber(sent['0']);
    if (sent.done) return { messageId: first(), skipped: 'already sent' };
    const m = await this.#resolvePending(msg, pendingId);
    if (!m) return { messageId: null, skipped: 'no pending message to update' };

    if (m.kind === 'progress' && m.editMessageId) {
      const last = await redis.get(keys.lastEdit(m.chatId, m.editMessageId));
      if (last === 'final' || (last !== null && Number(last) > m.createdAt)) return { messageId: null, skipped: 'superseded progress' };
      if (this.deps.now() - m.createdAt > PROGRESS_MAX_AGE_MS) return { messageId: null, skipped: 'stale progress' };
    }

    const { steps, problems } = plan(m, this.deps.config, requestId);
    for (const p of problems) this.#log.error({ jobId, chatId: m.chatId }, p);
    const last = String(steps.length - 1);
    for (const [i, step] of steps.entries()) {
      if (sent[String(i)] !== undefined) continue;
      const id = await this.#untilDelivered(() => this.#perform(m, step, signal), signal);
      sent[String(i)] = id === null ? '-' : String(id);
      // The last step is recorded with the done mark below: one round trip less per message
      // (the Status press waits for it), and a crash in between re-sends it, as it would here.
      if (String(i) !== last) await redis.multi().hset(sentKey, String(i), sent[String(i)]!).expire(sentKey, SENT_TTL_SEC).exec();
    }
    const record: Record<string, string> = { done: String(this.deps.now()) };
    if (steps.length > 0 && sent[last] !== undefined) record[last] = sent[last]!;
    const multi = redis.multi().hset(sentKey, record).expire(sentKey, SENT_TTL_SEC);
    if (host !== undefined) {
      for (const id of Object.values(sent)) if (/^\d+$/.test(id)) multi.set(keys.messageHost(m.chatId, Number(id)), host, 'EX', MESSAGE_HOST_TTL_SEC);
    }
    if (m.editMessageId) {
      multi.set(keys.lastEdit(m.chatId, m.editMessageId), m.kind === 'progress' ? String(m.createdAt) : 'final', 'EX', EDIT_TTL_SEC);
    }
    const recording = multi.exec();
    // Sent: what follows in the chat's lane (the result editing this pending message) need not
    // wait for the record; a crash before it is written re-sends the message, as it would anyway.
    this.#memo.remember(jobId, sent['0'] ?? '-');
    opts.onSent?.();
    await recording;
    return { messageId: first() };
  }

  /**
   * A message that edits the pending message sent by another outbox job (the bot queues the
   * pending message and the job together, so its id is not known when the job starts):
   * `id` is the pending message's id as recorded (read by deliver). Per-chat order delivers the pending message first; if it has not been
   * sent (refused, or its job is retried later), the result goes as a new message and the
   * late pending message is cancelled, so the chat never keeps a pending message that no
   * one will update. A progress edit without its pending message is dropped.
   */
  async #resolvePending(m: OutboxMessage, id: string | null | undefined): Promise<OutboxMessage | undefined> {
    if (!m.editPendingOf || m.editMessageId) return m;
    const { editPendingOf, ...rest } = m;
    const pendingKey = keys.sent(editPendingOf);
    if (id && id !== '-') return { ...rest, editMessageId: Number(id) };
    if (m.kind === 'progress') return undefined;
    if (!id) {
      this.#log.warn({ chatId: m.chatId, pendingJob: editPendingOf }, 'the pending message was not sent yet; sending the result as a new message');
      await this.deps.redis.multi().hsetnx(pendingKey, 'done', String(this.deps.now())).hsetnx(pendingKey, 'superseded', '1').expire(pendingKey, SENT_TTL_SEC).exec();
    }
    return rest;
  }

  /** Runs one call until it succeeds or fails for a reason waiting cannot fix. */
  async #untilDelivered(call: () => Promise<number | null>, signal: AbortSignal): Promise<number | null> {
    const min = this.deps.retry?.minDelayMs ?? 250;
    const max = this.deps.retry?.maxDelayMs ?? this.deps.config.telegramRetryMaxMs;
    for (let attempt = 0; ; attempt++) {
      const sentAt = this.deps.now();
      try {
        return await call();
      } catch (err) {
        if (signal.aborted || !(isTransient(err) || err instanceof CallTimeoutError)) throw err;
        // A 429 is Telegram answering "slow down" for this chat: not an outage (no note).
        if (!isRateLimit(err)) this.deps.link.down(sentAt);
        const retryAfterMs = err instanceof GrammyError && err.parameters.retry_after ? err.parameters.retry_after * 1000 : 0;
        const wait = Math.max(retryAfterMs, Math.min(max, min * 2 ** Math.min(attempt, 20)));
        if (attempt === 0 || attempt % 10 === 0) {
          if (isRateLimit(err)) this.#log.warn({ err: err.message, attempt, waitMs: wait }, 'Telegram rate-limits this chat; waiting to deliver in order');
          else this.#log.warn({ err: (err as Error).message, attempt, waitMs: wait }, 'Telegram unreachable; waiting to deliver in order');
        }
        await sleep(wait, signal);
      }
    }
  }

  /** One step; returns the message id, or null when Telegram refused it for good (logged). */
  async #perform(m: OutboxMessage, step: Step, signal: AbortSignal): Promise<number | null> {
    const { api } = this.deps;
    // grammY types its signal with the abort-controller shim; Node's AbortSignal is compatible at run time.
    const timeout = AbortSignal.timeout(this.deps.config.telegramCallTimeoutMs);
    const callSignal = AbortSignal.any([signal, timeout]) as unknown as GrammySignal;
    const silent = m.silent ? { disable_notification: true } : {};
    try {
      if (step.kind === 'file') {
        return (await api.sendDocument(m.chatId, step.file, { ...silent, ...(step.caption ? { caption: step.caption, parse_mode: 'HTML' as const } : {}) }, callSignal)).message_id;
      }
      if (step.kind === 'photo') return (await api.sendPhoto(m.chatId, step.file, silent, callSignal)).message_id;
      // Outbox texts are Telegram HTML (OutboxMessage.text); said here too, not only by the Api's transformer.
      const markup = { parse_mode: 'HTML' as const, ...(step.buttons ? { reply_markup: step.buttons } : {}) };
      if (step.editMessageId !== undefined) {
        try {
          await api.editMessageText(m.chatId, step.editMessageId, step.text, markup, callSignal);
          return step.editMessageId;
        } catch (err) {
          if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return step.editMessageId;
          if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
          // The pending message is gone or too old to edit: send the text as a new message.
          this.#log.info({ chatId: m.chatId, messageId: step.editMessageId, why: err.description }, 'cannot edit; sending a new message');
        }
      }
      return (await api.sendMessage(m.chatId, step.text, { ...markup, ...silent }, callSignal)).message_id;
    } catch (err) {
      // Whatever the abort surfaced as (grammY's HttpError, or auto-retry's plain "Request
      // aborted while waiting between retries"), a call cut by our timeout is tried again.
      if (timeout.aborted && !signal.aborted) throw new CallTimeoutError(`Telegram did not answer within ${this.deps.config.telegramCallTimeoutMs} ms`, { cause: err });
      if (err instanceof GrammyError && !isTransient(err)) {
        this.#log.error({ chatId: m.chatId, code: err.error_code, description: err.description, method: err.method }, 'Telegram refused a message; skipped');
        return null;
      }
      throw err;
    }
  }
}
