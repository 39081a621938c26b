import { buildDashboard } from '@potion/dashboard';
import { hostKeys, openQueue, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

export const DASHBOARD_PASSWORD = 'two-hosts-password-123';
/** The dashboard runs on the main machine `home`; `pi` is a second host on the same Redis. */
export const HOSTS = ['home', 'pi'] as const;
export type TestHost = (typeof HOSTS)[number];

export interface TwoHosts {
  redis: TestRedis;
  conn: Redis;
  workers: Map<TestHost, WorkerApp>;
  app: FastifyInstance;
  /** Stops one host's worker (its heartbeat stops: the host goes silent). */
  stopWorker: (host: TestHost) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * One real Redis, a real worker with HOST_ID=home and one with HOST_ID=pi (each samples every
 * 2 s and completes its own health.sample jobs), and the dashboard of `home`. Returns once both
 * hosts have a sample, a heartbeat and a completed job.
 */
export async function startTwoHosts(): Promise<TwoHosts> {
  const redis = await startTestRedis();
  const log = createLogger({ name: 'test', logDir: undefined, level: 'error', stdout: false });
  const workers = new Map<TestHost, WorkerApp>();
  const conn = createRedis(redis.url, { role: 'producer', name: 'test-dashboard' });
  await waitReady(conn);
  for (const host of HOSTS) {
    const config = testConfig({ HOST_ID: host, SAMPLE_INTERVAL_SEC: '2' });
    workers.set(host, await startWorkerApp({ config, log, redisUrl: redis.url }));
  }
  for (const host of HOSTS) {
    const read = openQueue(queueName('read', host), { connection: conn });
    const hk = hostKeys(host);
    await waitFor(
      `${host}: a sample, a heartbeat and a completed health.sample`,
      async () => (await conn.exists(hk.sampleLatest, hk.heartbeat)) === 2 && ((await read.getJobCounts('completed')).completed ?? 0) > 0,
      30_000,
    );
    await read.close();
  }
  const app = await buildDashboard({ config: testConfig({ HOST_ID: 'home', SAMPLE_INTERVAL_SEC: '2' }), log, redis: conn, password: DASHBOARD_PASSWORD });
  await app.ready();
  const stopWorker = async (host: TestHost) => {
    const w = workers.get(host);
    workers.delete(host);
    await w?.stop();
  };
  return {
    redis,
    conn,
    workers,
    app,
    stopWorker,
    stop: async () => {
      await app.close();
      for (const host of [...workers.keys()]) await stopWorker(host);
      conn.disconnect();
      await redis.stop();
    },
  };
}
