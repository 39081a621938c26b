import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertFamily, createRedis, keys, Producer, texts, waitReady, type AuditEntry, type Config } from '@potion/jobs';
import {
  APP_MAIN,
  createStandins,
  FAKE_BOT_TOKEN,
  startAppProcess,
  startFakeTelegram,
  startTestRedis,
  testConfig,
  waitFor,
  type AppProcess,
  type FakeCall,
  type FakeTelegram,
  type Standins,
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
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s();
    stops.length = 0;
  };
  try {
    const redis = await startTestRedis();
    stops.push(() => redis.stop());
    const fake = await startFakeTelegram();
    stops.push(() => fake.stop());
    const standins = createStandins();
    stops.push(() => standins.cleanup());
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'active running');
    const config = testConfig({
      REDIS_URL: redis.url,
      BOT_TOKEN: FAKE_BOT_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ADMIN_IDS: `${ADMIN},${ADMIN2}`,
      VIEWER_IDS: String(VIEWER),
      TELEGRAM_OUTAGE_NOTE_SEC: '1',
      LOG_LEVEL: 'info',
      ...opts.env,
    });
    const conn = createRedis(redis.url, { role: 'producer', name: 'test' });
    await waitReady(conn);
    const producer = new Producer({ connection: conn, hostId: config.hostId });
    // These tests are about the bot: the host alerts of this test machine (its temp "HDD" is
    // not a mount point, its disk may be full) would add messages they do not expect.
    if (!opts.alerts) await conn.hset(keys.settings, Object.fromEntries(alertFamily.options.map((f) => [`alert.${f}`, 'off'])));
    stops.push(async () => {
      await producer.close();
      conn.disconnect();
    });
    let worker: AppProcess | undefined;
    if (opts.worker !== false) {
      const w = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env });
      worker = w;
      stops.push(async () => {
        await w.stop();
      });
      await waitFor('the worker to be ready', () => w.output().includes('worker ready') || (w.child.exitCode !== null && Promise.reject(new Error(w.output()))), 15_000);
    }
    const bot = startAppProcess(APP_MAIN.bot, config.env);
    stops.push(async () => {
      await bot.stop();
    });
    await Promise.race([
      fake.waitForCall((c) => c.method === 'getUpdates', 15_000, 'the bot to start polling'),
      bot.exited.then((r) => {
        throw new Error(`the bot exited early (${r.code ?? r.signal}): ${bot.output()}`);
      }),
    ]);
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
            c.params.text === texts.PROCESSING,
          10_000,
          `the pending message in chat ${chatId}`,
        );
        const messageId = call.method === 'editMessageText' ? Number(call.params.message_id) : (call.result as { message_id: number }).message_id;
        return { call, messageId };
      },
      sentAfter: async (chatId, afterIndex, match = () => true) => {
        const call = await fake.waitForCall(
          (c) => fake.calls.indexOf(c) >= afterIndex && c.method === 'sendMessage' && c.params.chat_id === chatId && match(String(c.params.text)),
          10_000,
          `a new message in chat ${chatId}`,
        );
        return { call, messageId: (call.result as { message_id: number }).message_id };
      },
      answerAfter: (afterIndex) =>
        fake.waitForCall((c) => fake.calls.indexOf(c) >= afterIndex && c.method === 'answerCallbackQuery', 10_000, 'the answer to a button press'),
      editOf: (chatId, messageId, match = (t) => t !== texts.PROCESSING, timeoutMs = 10_000) =>
        fake.waitForCall(
          (c) => c.method === 'editMessageText' && c.params.chat_id === chatId && c.params.message_id === messageId && match(String(c.params.text)),
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
