import { z } from 'zod';
import { telegramId } from '../schemas.js';
import { defineJob } from './define.js';

export const inlineButton = z.object({
  text: z.string().min(1).max(64),
  /** Telegram allows at most 64 bytes of callback data. */
  data: z.string().min(1).refine((s) => Buffer.byteLength(s) <= 64, 'callback data is longer than 64 bytes'),
});

/** One message for the outbox: what the bot sends or edits, already worded for the user. */
export const outboxMessage = z.object({
  chatId: telegramId,
  /** Edit this message (the pending one) instead of sending a new one. */
  editMessageId: z.number().int().positive().optional(),
  /** Edit the message sent by this outbox job (the pending one, queued by the bot) instead. */
  editPendingOf: z.string().regex(/^[A-Za-z0-9_.@-]{1,100}$/).optional(),
  /**
   * Telegram HTML (markup: `toHtml(...)` or `html`...``, docs/decisions/033), sent with parse_mode
   * HTML; the bot splits it or attaches its shown text as a file when Telegram's limit is exceeded.
   */
  text: z.string().min(1).max(1_000_000),
  buttons: z.array(z.array(inlineButton)).max(20).optional(),
  /** A file under DATA_DIR or LOG_DIR to send as a document. */
  document: z.object({ path: z.string().min(1), filename: z.string().min(1).max(200) }).optional(),
  /** A PNG under DATA_DIR to send as a photo after the text (charts). */
  photo: z.object({ path: z.string().min(1), filename: z.string().min(1).max(200) }).optional(),
  /** Send without a notification sound (heartbeats, digests, progress). */
  silent: z.boolean().optional(),
  /** progress edits may be dropped when a newer edit of the same message exists. */
  kind: z.enum(['result', 'progress', 'alert', 'info']),
  /** Unix ms when the text was produced; alerts delivered late show it. */
  createdAt: z.number().int(),
});
export type OutboxMessage = z.infer<typeof outboxMessage>;

export const notifyJobs = {
  'notify.send': defineJob({
    queue: 'notify',
    data: outboxMessage,
    result: z.object({ messageId: z.number().int().nullable(), skipped: z.string().optional() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 60_000,
    attempts: 50,
    audit: 'deliver a message to Telegram',
  }),
} as const;
