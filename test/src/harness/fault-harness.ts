import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { texts, type JobMeta, type Producer } from '@potion/jobs';
import { PrivateRedis, type AuditEntry, type Config } from '@potion/platform';
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

/** The test users: two admins, a viewer, and someone in neither list. */
export const ADMIN = 1001;
export const ADMIN2 = 1002;
export const VIEWER = 2002;
export const STRANGER = 5555;

/** How long a worker or bot (re)start may take before the test gives up. */
const READY_MS = 60_000;

/**
 * The one harness of the tests that start real processes: a private Redis that can be
 * killed with kill -9 and brought back on the same folder and port, the fake Bot API, the
 * real worker and the real bot (`node apps/<app>/dist/main.js`), each of which can be killed
 * and started again. Its options say what starts; `startBotStack` (bot-stack.ts) is a view
 * of it for the bot tests. Tests that need the worker in-process use ops-harness.ts.
 */
export interface FaultStack {
  fake: FakeTelegram;
  redis: TestRedis;
  standins: Standins;
  config: Config & { env: Record<string, string> };
  conn: Redis;
  producer: Producer;
  worker: () => AppProcess | undefined;
  bot: () => AppProcess | undefined;
  startWorker: () => Promise<AppProcess>;
  startBot: () => Promise<AppProcess>;
  /** kill -9 of a process started by the stack; resolves when it is gone. */
  kill9: (p: AppProcess | undefined) => Promise<void>;
  /** kill -9 of redis-server. */
  killRedis: () => Promise<void>;
  /** Starts redis-server again on the same folder (AOF) and port. */
  restartRedis: () => Promise<void>;
  meta: (requestId: string, userId?: number, messageId?: number) => JobMeta;
  /** Waits for the pending message in a chat after call index `from`; returns its message id. */
  pendingAfter: (chatId: number, from: number, timeoutMs?: number) => Promise<number>;
  /** Like pendingAfter, with the call; `delivered: false` also takes a call Telegram refused. */
  pendingCall: (chatId: number, from: number, opts?: { timeoutMs?: number; delivered?: boolean }) => Promise<{ call: FakeCall; messageId: number }>;
  /** Waits for a new message of the bot in a chat (a sendMessage at or after `from`, optionally matching). */
  sentAfter: (chatId: number, from: number, match?: (text: string) => boolean) => Promise<{ call: FakeCall; messageId: number }>;
  /** Waits for the answer to a button press (answerCallbackQuery at or after `from`). */
  answerAfter: (from: number) => Promise<FakeCall>;
  /** Waits for an edit of this message (by default: any text but the pending one) and returns the call. */
  editOf: (chatId: number, messageId: number, match?: (text: string) => boolean, timeoutMs?: number) => Promise<FakeCall>;
  /** Lines of actions.log. */
  audit: () => AuditEntry[];
  /** Waits for a final edit of a message (any text but the pending one). */
  finalEdit: (chatId: number, messageId: number, timeoutMs?: number) => Promise<FakeCall>;
  /** Every log line (JSON) the worker processes wrote to stdout so far, all runs. */
  workerOutput: () => string;
  botOutput: () => string;
  stop: () => Promise<void>;
}

export interface FaultStackOptions {
  env?: Record<string, string>;
  worker?: boolean;
  bot?: boolean;
  /** Standins setup before the processes start. */
  prepare?: (s: Standins) => void;
  /** Leave the host alert rules on (off by default here). */
  alerts?: boolean;
  /** Runs with the final config, before any process starts (e.g. to fill LOG_DIR). */
  beforeStart?: (config: Config & { env: Record<string, string> }) => void;
}

export async function startFaultStack(opts: FaultStackOptions = {}): Promise<FaultStack> {
  const stops: StopList = [];
  const stopAll = () => runStops(stops);
  try {
    // The server may be replaced by restartRedis: stop the current one, then the first (and its folder).
    let server: PrivateRedis | undefined;
    const world = await startStackWorld(stops, { prepare: opts.prepare, beforeRedisStop: () => server?.stop() });
    const { fake, standins } = world;
    let redis = world.redis;
    const dir = redis.dir;
    const port = Number(new URL(redis.url).port);
    server = redis.server;
    const config = stackConfig(world, {
      ADMIN_IDS: `${ADMIN},${ADMIN2}`,
      VIEWER_IDS: String(VIEWER),
      TELEGRAM_OUTAGE_NOTE_SEC: '1',
      LOG_LEVEL: 'info',
      ...opts.env,
    });
    opts.beforeStart?.(config);
    // The faults are about delivery and recovery: the host alerts of this test machine are off unless asked for.
    const { conn, producer } = await openTestProducer(stops, redis.url, config.hostId, { alerts: opts.alerts, dataDir: config.dataDir });

    let worker: AppProcess | undefined;
    let bot: AppProcess | undefined;
    let workerOut = '';
    let botOut = '';
    const procs: AppProcess[] = [];
    stops.push(async () => {
      for (const p of procs) await p.stop(3000);
    });
    const startWorker = async () => {
      if (worker) workerOut += worker.output();
      const w = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env });
      worker = w;
      procs.push(w);
      // A bound, not a pace: on a loaded 2-core machine a cold start took over 20 s.
      await waitWorkerReady(w, READY_MS);
      return w;
    };
    const startBot = async () => {
      if (bot) botOut += bot.output();
      const from = fake.calls.length;
      const b = startAppProcess(APP_MAIN.bot, config.env);
      bot = b;
      procs.push(b);
      await waitBotPolling(fake, b, READY_MS, from);
      return b;
    };
    const pendingCall: FaultStack['pendingCall'] = async (chatId, from, o = {}) => {
      const call = await fake.waitForCall(
        (c) =>
          fake.calls.indexOf(c) >= from &&
          (c.method === 'sendMessage' || c.method === 'editMessageText') &&
          c.params.chat_id === chatId &&
          c.text === texts.PROCESSING &&
          (o.delivered === false || c.status === 200),
        o.timeoutMs ?? 10_000,
        `the pending message in chat ${chatId}`,
      );
      const messageId = call.method === 'editMessageText' ? Number(call.params.message_id) : (call.result as { message_id: number }).message_id;
      return { call, messageId };
    };
    if (opts.worker !== false) await startWorker();
    if (opts.bot !== false) await startBot();

    return {
      fake,
      get redis() {
        return redis;
      },
      standins,
      config,
      conn,
      producer,
      worker: () => worker,
      bot: () => bot,
      startWorker,
      startBot,
      kill9: async (p) => {
        if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
        p.child.kill('SIGKILL');
        await p.exited;
      },
      killRedis: () => redis.server.kill9(),
      restartRedis: async () => {
        server = new PrivateRedis({ dir, port, appendfsync: 'everysec' });
        await server.start();
        redis = { ...redis, server };
      },
      meta: (requestId, userId = ADMIN, messageId) => ({
        requestId,
        by: { kind: 'telegram', userId },
        chatId: userId,
        ...(messageId !== undefined ? { messageId } : {}),
        enqueuedAt: Date.now(),
      }),
      pendingAfter: async (chatId, from, timeoutMs = 10_000) => (await pendingCall(chatId, from, { timeoutMs })).messageId,
      pendingCall,
      sentAfter: async (chatId, from, match = () => true) => {
        const call = await fake.waitForCall(
          (c) => fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === chatId && match(String(c.text)),
          10_000,
          `a new message in chat ${chatId}`,
        );
        return { call, messageId: (call.result as { message_id: number }).message_id };
      },
      answerAfter: (from) =>
        fake.waitForCall((c) => fake.calls.indexOf(c) >= from && c.method === 'answerCallbackQuery', 10_000, 'the answer to a button press'),
      editOf: (chatId, messageId, match = (t) => t !== texts.PROCESSING, timeoutMs = 10_000) =>
        fake.waitForCall(
          (c) => c.method === 'editMessageText' && c.params.chat_id === chatId && c.params.message_id === messageId && match(String(c.text)),
          timeoutMs,
          `an edit of message ${messageId}`,
        ),
      audit: () => jsonLines(auditPath(config)) as unknown as AuditEntry[],
      finalEdit: (chatId, messageId, timeoutMs = 15_000) =>
        fake.waitForCall(
          (c) => c.method === 'editMessageText' && c.params.chat_id === chatId && c.params.message_id === messageId && c.text !== texts.PROCESSING && c.status === 200,
          timeoutMs,
          `the final edit of message ${messageId}`,
        ),
      workerOutput: () => workerOut + (worker?.output() ?? ''),
      botOutput: () => botOut + (bot?.output() ?? ''),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Lines of a JSON-lines log file (actions.log). */
export function jsonLines(path: string): Array<Record<string, unknown>> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export const auditPath = (config: Config) => join(config.logDir, 'actions.log');
