import { alertFamily, hostKeys, loadProofKey, Producer, waitReady } from '@potion/jobs';
import { createRedis, type Config } from '@potion/platform';
import type { AppProcess } from './app-process.js';
import { FAKE_BOT_TOKEN, startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startTestRedis, type TestRedis } from './redis.js';
import { createStandins, type Standins } from './standins.js';
import { testConfig } from './env.js';
import { waitFor } from './wait.js';

/** Clean-up steps of a stack, run last-first by `runStops`. */
export type StopList = Array<() => Promise<unknown> | unknown>;

/** Runs the clean-up steps last-first and empties the list. */
export async function runStops(stops: StopList): Promise<void> {
  for (const s of stops.reverse()) await s();
  stops.length = 0;
}

export interface StackWorld {
  redis: TestRedis;
  fake: FakeTelegram;
  standins: Standins;
}

export interface StackWorldOptions {
  /** Standins setup before anything uses them (after the default units). */
  prepare?: (s: Standins) => void;
  /** Runs in the Redis clean-up step, before the test Redis is stopped and its folder removed. */
  beforeRedisStop?: () => Promise<unknown> | unknown;
  /** Extra redis-server arguments (e.g. QUIET_REDIS_ARGS, as `npm start` runs it). */
  redisArgs?: readonly string[];
}

/**
 * What the bot and worker processes run against: a private Redis, the fake Bot API and the
 * stand-in system tools (n8n.service and cloudflared.service active). Each part adds its
 * clean-up to `stops`.
 */
export async function startStackWorld(stops: StopList, opts: StackWorldOptions = {}): Promise<StackWorld> {
  const redis = await startTestRedis(opts.redisArgs ? { extraArgs: opts.redisArgs } : {});
  stops.push(async () => {
    await opts.beforeRedisStop?.();
    await redis.stop();
  });
  const fake = await startFakeTelegram();
  stops.push(() => fake.stop());
  const standins = createStandins();
  stops.push(() => standins.cleanup());
  standins.unit('n8n.service', 'active running');
  standins.unit('cloudflared.service', 'active running');
  opts.prepare?.(standins);
  return { redis, fake, standins };
}

/** A test config pointing at the stack's Redis and fake Bot API, plus `env`. */
export function stackConfig(world: StackWorld, env: Record<string, string> = {}): Config & { env: Record<string, string> } {
  return testConfig({
    REDIS_URL: world.redis.url,
    BOT_TOKEN: FAKE_BOT_TOKEN,
    TELEGRAM_API_ROOT: world.fake.apiRoot,
    ...env,
  });
}

/**
 * A producer on the test Redis (to put jobs in as the bot or the scheduler would). Unless
 * `alerts` is set, switches the host alert rules off: the host of a test machine (its temp
 * "HDD" is not a mount point, its disk may be full) would add messages tests do not expect.
 */
export async function openTestProducer(stops: StopList, redisUrl: string, hostId: string, opts: { alerts?: boolean; dataDir?: string } = {}): Promise<{ conn: ReturnType<typeof createRedis>; producer: Producer }> {
  const conn = createRedis(redisUrl, { role: 'producer', name: 'test' });
  await waitReady(conn);
  // With dataDir, mutating jobs enqueued with authorizedAt are signed as the bot signs them.
  const dataDir = opts.dataDir;
  const producer = new Producer({ connection: conn, hostId, ...(dataDir ? { signer: () => loadProofKey(dataDir) } : {}) });
  if (!opts.alerts) await conn.hset(hostKeys(hostId).settings, Object.fromEntries(alertFamily.options.map((f) => [`alert.${f}`, 'off'])));
  stops.push(async () => {
    await producer.close().catch(() => undefined);
    conn.disconnect();
  });
  return { conn, producer };
}

/** Waits until a worker process logs "worker ready" (on a timeout, the error names its output if it exited). */
export async function waitWorkerReady(w: AppProcess, timeoutMs: number): Promise<void> {
  await waitFor('the worker to be ready', () => w.output().includes('worker ready') || (w.child.exitCode !== null && Promise.reject(new Error(w.output()))), timeoutMs);
}

/** Waits until a bot process polls the fake Bot API (a getUpdates at or after call index `from`); fails at once if it exits. */
export async function waitBotPolling(fake: FakeTelegram, b: AppProcess, timeoutMs: number, from = 0): Promise<void> {
  await Promise.race([
    fake.waitForCall((c) => fake.calls.indexOf(c) >= from && c.method === 'getUpdates', timeoutMs, 'the bot to start polling'),
    b.exited.then((r) => {
      throw new Error(`the bot exited early (${r.code ?? r.signal}): ${b.output()}`);
    }),
  ]);
}
