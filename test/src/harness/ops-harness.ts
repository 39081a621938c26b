import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRunner } from '@potion/adapters';
import { jobs, loadProofKey, Producer, queueName, waitReady, type JobData, type JobName, type OutboxMessage } from '@potion/jobs';
import { createLogger, createRedis, type Config } from '@potion/platform';
import { createStandins, startTestRedis, testConfig, waitFor, type StandinOptions, type Standins, type TestRedis } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';


export const ADMIN = 1001;
export const VIEWER = 2002;

export interface OpsHarness {
  config: Config & { env: Record<string, string> };
  standins: Standins;
  redis: TestRedis;
  producer: Producer;
  keys: ReturnType<typeof createRedis>;
  worker: WorkerApp;
  /** Enqueues a job as a Telegram user and returns the outbox message that answers it. */
  ask: <N extends JobName>(name: N, payload: JobData<N>, as?: { userId?: number; chatId?: number }) => Promise<OutboxMessage>;
  /** Like ask, and also gives the job id (to find its progress messages). */
  askJob: <N extends JobName>(name: N, payload: JobData<N>, as?: { userId?: number; chatId?: number }) => Promise<{ jobId: string; message: OutboxMessage }>;
  /** Adds a hand-made job straight to Redis (no producer validation) and returns its answer. */
  raw: (name: string, payload: unknown, as?: { userId?: number }) => Promise<OutboxMessage>;
  /** The outbox message with this notify job id, once it exists. */
  outbox: (notifyJobId: string) => Promise<OutboxMessage>;
  /** Starts the worker again (same Redis, config and stand-ins), e.g. after a "reboot". */
  restartWorker: (bootTime?: () => number) => Promise<void>;
  stop: () => Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  standins?: StandinOptions;
  bootTime?: () => number;
  /** Where the worker reads /proc (a missing folder makes the host sample unreadable). */
  procRoot?: string;
  /**
   * Follow the journal with `journalctl -f` (the stand-in) as a worker with schedules does.
   * Default false. An object: the follower's own PATH (one without journalctl keeps it from
   * starting) and how often its fallback read runs.
   */
  securityFollow?: boolean | { path?: string; fallbackEveryMs?: number };
}

let seq = 0;

export async function startOps(opts: HarnessOptions = {}): Promise<OpsHarness> {
  const redis = await startTestRedis();
  const standins = createStandins(opts.standins);
  const config = testConfig({ PUBLIC_IP_URL: 'off', SPEEDTEST_URL: 'off', POWER_ANNOUNCE_WAIT_SEC: '0', HOST_ID: 'ops', ...opts.env });
  const log = createLogger({ name: 'worker', logDir: undefined, level: 'silent', stdout: false });
  // The runner gets the stand-ins first on PATH; the test process's own PATH is untouched.
  const runner = createRunner({ env: { ...process.env, ...standins.env } });
  const keys = createRedis(redis.url, { role: 'worker', name: 'test-keys' });
  const producerConn = createRedis(redis.url, { role: 'producer', name: 'test-producer' });
  await Promise.all([waitReady(keys), waitReady(producerConn)]);
  // Signs confirmed jobs as the bot does (the key the worker created under DATA_DIR).
  const producer = new Producer({ connection: producerConn, hostId: config.hostId, signer: () => loadProofKey(config.dataDir) });
  const followOpts = () => {
    const f = opts.securityFollow;
    if (!f) return false as const;
    const env = { ...process.env, ...standins.env, ...(f !== true && f.path !== undefined ? { PATH: f.path } : {}) };
    return { env, ...(f !== true && f.fallbackEveryMs !== undefined ? { fallbackEveryMs: f.fallbackEveryMs } : {}) };
  };
  const start = (bootTime?: () => number) => startWorkerApp({ config, log, redisUrl: redis.url, runner, schedules: false, securityFollow: followOpts(), ...(bootTime ? { bootTime } : {}), ...(opts.procRoot ? { procRoot: opts.procRoot } : {}) });
  let worker = await start(opts.bootTime);

  const outbox = async (id: string): Promise<OutboxMessage> => {
    const job = await waitFor(`outbox message ${id}`, () => producer.queue('notify').getJob(id), 15_000);
    return (job.data as { payload: OutboxMessage }).payload;
  };
  /** A private chat unless `chatId` says otherwise (a group chat has a negative id). */
  const meta = (userId: number, chatId = userId) => ({ requestId: `t${++seq}`, by: { kind: 'telegram' as const, userId }, chatId, messageId: 55, enqueuedAt: Date.now() });
  /** A mutating job goes in as the bot puts it after the admin's ✅: signed. */
  const confirmed = (name: JobName) => (jobs[name].mutates ? { authorizedAt: Date.now() } : {});
  const answer = (name: string, jobId: string) => {
    const def = jobs[name as JobName];
    return outbox(`res.${queueName(def ? def.queue : 'read', config.hostId)}.${jobId}`);
  };
  return {
    config,
    standins,
    redis,
    producer,
    keys,
    get worker() {
      return worker;
    },
    ask: async (name, payload, as = {}) => {
      const id = await producer.enqueue(name, payload, meta(as.userId ?? ADMIN, as.chatId), confirmed(name));
      return answer(name, id);
    },
    askJob: async (name, payload, as = {}) => {
      const jobId = await producer.enqueue(name, payload, meta(as.userId ?? ADMIN, as.chatId), confirmed(name));
      return { jobId, message: await answer(name, jobId) };
    },
    raw: async (name, payload, as = {}) => {
      const def = jobs[name as JobName];
      const job = await producer.queue(def ? def.queue : 'read').add(name, { payload, meta: meta(as.userId ?? ADMIN) }, { attempts: 1 });
      return answer(name, job.id ?? '');
    },
    outbox,
    restartWorker: async (bootTime) => {
      await worker.stop();
      worker = await start(bootTime);
    },
    stop: async () => {
      await worker.stop();
      await producer.close();
      keys.disconnect();
      producerConn.disconnect();
      await redis.stop();
      standins.cleanup();
    },
  };
}

/** A local HTTP server answering GET with `body` (public IP, speed test file). */
export async function serveBody(body: string | Buffer): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
