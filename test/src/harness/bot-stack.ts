import type { Producer } from '@potion/jobs';
import type { AuditEntry, Config } from '@potion/platform';
import type { AppProcess, FakeCall, FakeTelegram, Standins, TestRedis } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { ADMIN, ADMIN2, STRANGER, VIEWER, startFaultStack } from './fault-harness.js';

export { ADMIN, ADMIN2, STRANGER, VIEWER };

/** The bot tests' view of the one harness (fault-harness.ts): the bot and the worker started once. */
export interface BotStack {
  fake: FakeTelegram;
  redis: TestRedis;
  standins: Standins;
  config: Config & { env: Record<string, string> };
  worker: AppProcess | undefined;
  bot: AppProcess;
  /** A producer on the test Redis, to put jobs in as the worker or the scheduler would. */
  producer: Producer;
  conn: Redis;
  /** Lines of actions.log. */
  audit: () => AuditEntry[];
  /** Waits for the bot's pending message in a chat (a call at or after `afterIndex`); returns its message id. */
  pendingAfter: (chatId: number, afterIndex: number) => Promise<{ call: FakeCall; messageId: number }>;
  /** Waits for a new message of the bot in a chat (a sendMessage at or after `afterIndex`, optionally matching). */
  sentAfter: (chatId: number, afterIndex: number, match?: (text: string) => boolean) => Promise<{ call: FakeCall; messageId: number }>;
  /** Waits for the answer to a button press (answerCallbackQuery at or after `afterIndex`). */
  answerAfter: (afterIndex: number) => Promise<FakeCall>;
  /** Waits for an edit of this message (by default: any text but the pending one) and returns the call. */
  editOf: (chatId: number, messageId: number, match?: (text: string) => boolean, timeoutMs?: number) => Promise<FakeCall>;
  stop: () => Promise<void>;
}

export interface BotStackOptions {
  env?: Record<string, string>;
  /** Leave the host alert rules on (off by default in the bot tests). */
  alerts?: boolean;
  /** Start the real worker process. Default true. */
  worker?: boolean;
}

/**
 * The real bot process against the fake Bot API server, a real Redis, and the real worker
 * process running systemctl stand-ins.
 */
export async function startBotStack(opts: BotStackOptions = {}): Promise<BotStack> {
  const s = await startFaultStack({ ...(opts.env ? { env: opts.env } : {}), ...(opts.alerts ? { alerts: true } : {}), worker: opts.worker !== false, bot: true });
  const bot = s.bot();
  if (!bot) throw new Error('the bot did not start');
  return {
    fake: s.fake,
    redis: s.redis,
    standins: s.standins,
    config: s.config,
    worker: s.worker(),
    bot,
    producer: s.producer,
    conn: s.conn,
    audit: s.audit,
    pendingAfter: (chatId, afterIndex) => s.pendingCall(chatId, afterIndex, { delivered: false }),
    sentAfter: s.sentAfter,
    answerAfter: s.answerAfter,
    editOf: s.editOf,
    stop: s.stop,
  };
}
