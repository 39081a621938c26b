import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { texts, type Producer } from '@potion/jobs';
import { type AuditEntry, type Config } from '@potion/platform';
import {
  APP_MAIN,
  openTestProducer,
  runStops,
  stackConfig,
  startAppProcess,
  startStackWorld,
  waitBotPolling,
  waitWorkerReady,
  type AppProcess,
  type FakeCall,
  type FakeTelegram,
  type Standins,
  type StopList,
  type TestRedis,
} from '@potion/testkit';
import type { Redis } from 'ioredis';

export const ADMIN = 1001;
export const ADMIN2 = 1002;
export const VIEWER = 2002;
export const STRANGER = 5555;

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
  /** Start the real worker in this process. Default true. */
  worker?: boolean;
}

/**
 * The real bot process (node apps/bot/dist/main.js) against the fake Bot API server, a real
 * Redis, and the real worker (in-process) running systemctl stand-ins.
 */
export async function startBotStack(opts: BotStackOptions = {}): Promise<BotStack> {
  const stops: StopList = [];
  const stopAll = () => runStops(stops);
  try {
    const { redis, fake, standins } = await startStackWorld(stops);
    const config = stackConfig(
      { redis, fake, standins },
      {
        ADMIN_IDS: `${ADMIN},${ADMIN2}`,
        VIEWER_IDS: String(VIEWER),
        TELEGRAM_OUTAGE_NOTE_SEC: '1',
        LOG_LEVEL: 'info',
        ...opts.env,
      },
    );
    // These tests are about the bot: the host alerts of this test machine are off unless asked for.
    const { conn, producer } = await openTestProducer(stops, redis.url, config.hostId, { alerts: opts.alerts });
    let worker: AppProcess | undefined;
    if (opts.worker !== false) {
      const w = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env });
      worker = w;
      stops.push(() => w.stop());
      await waitWorkerReady(w, 15_000);
    }
    const bot = startAppProcess(APP_MAIN.bot, config.env);
    stops.push(() => bot.stop());
    await waitBotPolling(fake, bot, 15_000);
    const auditPath = join(config.logDir, 'actions.log');
    return {
      fake,
      redis,
      standins,
      config,
      worker,
      bot,
      producer,
      conn,
      audit: () =>
        existsSync(auditPath)
          ? readFileSync(auditPath, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as AuditEntry)
          : [],
      pendingAfter: async (chatId, afterIndex) => {
        const call = await fake.waitForCall(
          (c) =>
            fake.calls.indexOf(c) >= afterIndex &&
            (c.method === 'sendMessage' || c.method === 'editMessageText') &&
            c.params.chat_id === chatId &&
            c.text === texts.PROCESSING,
          10_000,
          `the pending message in chat ${chatId}`,
        );
        const messageId = call.method === 'editMessageText' ? Number(call.params.message_id) : (call.result as { message_id: number }).message_id;
        return { call, messageId };
      },
      sentAfter: async (chatId, afterIndex, match = () => true) => {
        const call = await fake.waitForCall(
          (c) => fake.calls.indexOf(c) >= afterIndex && c.method === 'sendMessage' && c.params.chat_id === chatId && match(String(c.text)),
          10_000,
          `a new message in chat ${chatId}`,
        );
        return { call, messageId: (call.result as { message_id: number }).message_id };
      },
      answerAfter: (afterIndex) =>
        fake.waitForCall((c) => fake.calls.indexOf(c) >= afterIndex && c.method === 'answerCallbackQuery', 10_000, 'the answer to a button press'),
      editOf: (chatId, messageId, match = (t) => t !== texts.PROCESSING, timeoutMs = 10_000) =>
        fake.waitForCall(
          (c) => c.method === 'editMessageText' && c.params.chat_id === chatId && c.params.message_id === messageId && match(String(c.text)),
          timeoutMs,
          `an edit of message ${messageId}`,
        ),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
