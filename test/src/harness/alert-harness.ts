import { loadProofKey, Producer, waitReady, type HostSample, type JobData, type JobName, type OutboxMessage } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { createRunner, type Runner } from '@potion/adapters';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import { startWorkerApp, syntheticSample, type SyntheticOptions, type WorkerApp } from '@potion/worker';
import type { Redis } from 'ioredis';

/**
 * A real Redis and a real worker app whose clock and samples the test controls: set the
 * figures, move the clock, run one `health.sample` job through the queue, read the outbox.
 */
export interface AlertHarness {
  cfg: ReturnType<typeof testConfig>;
  redis: TestRedis;
  conn: Redis;
  producer: Producer;
  app: WorkerApp;
  /** Fake clock (Unix ms). */
  clock: { now: number };
  /** Figures of the next sample (merged into calm defaults). */
  figures: Omit<SyntheticOptions, 'at'>;
  /** Moves the clock, then runs one sample through the worker and waits for it. */
  sampleAt: (sec: number, figures?: Omit<SyntheticOptions, 'at'>) => Promise<void>;
  /** Enqueues a job and waits until it completed (or failed). */
  run: <N extends JobName>(name: N, data: JobData<N>, by?: number) => Promise<string>;
  /** Every alert message in the outbox, oldest first, with its job id. */
  alerts: () => Promise<(OutboxMessage & { jobId: string })[]>;
  /** The result message of a job asked from Telegram by user `by`. */
  result: (queue: 'read' | 'once', jobId: string) => Promise<OutboxMessage>;
  restartWorker: (opts?: { bootTime?: number }) => Promise<void>;
  /** Starts the worker again after the test stopped it (h.app.stop()). */
  restartWorkerFromStopped: (opts?: { bootTime?: number }) => Promise<void>;
  stop: () => Promise<void>;
}

export const T0 = Date.UTC(2026, 10, 25, 7, 0, 0);

export async function startAlertHarness(env: Record<string, string> = {}, opts: { runner?: Runner; realSampler?: boolean; bootTime?: number; schedules?: boolean; realClock?: boolean } = {}): Promise<AlertHarness> {
  const cfg = testConfig({ ADMIN_IDS: '1001,1002', NET_CHECK_TARGET: 'off', ...env });
  const redis = await startTestRedis();
  const conn = createRedis(redis.url, { role: 'producer', name: 'test' });
  await waitReady(conn);
  // Signs confirmed jobs as the bot does, with the key the worker created under DATA_DIR.
  const producer = new Producer({ connection: conn, hostId: cfg.hostId, signer: () => loadProofKey(cfg.dataDir) });
  const clock = { now: T0 };
  const h: AlertHarness = {
    cfg,
    redis,
    conn,
    producer,
    clock,
    figures: { hddMount: cfg.hddMount },
    app: undefined as unknown as WorkerApp,
    sampleAt: async (sec, figures) => {
      clock.now = T0 + sec * 1000;
      if (figures) h.figures = { hddMount: cfg.hddMount, ...figures };
      await h.run('health.sample', {});
    },
    run: async (name, data, by) => {
      const meta = by === undefined
        ? { requestId: 'test', by: { kind: 'scheduler' as const, name: 'test' }, enqueuedAt: Date.now() }
        : { requestId: `t${Date.now()}`, by: { kind: 'telegram' as const, userId: by }, chatId: by, messageId: 5, enqueuedAt: Date.now() };
      const { jobs } = await import('@potion/jobs');
      // A mutating job from a user goes in as after the admin's ✅ (at the worker's clock).
      const id = await producer.enqueue(name, data, meta, by !== undefined && jobs[name].mutates ? { authorizedAt: h.app.deps.now() } : {});
      const q = producer.queue(jobs[name].queue);
      const state = await waitFor(`job ${name} ${id} to finish`, async () => {
        const s = await q.getJobState(id);
        return s === 'completed' || s === 'failed' ? s : undefined;
      });
      if (state === 'failed') throw new Error(`${name} failed: ${(await q.getJob(id))?.failedReason}`);
      return id;
    },
    alerts: async () => {
      const jobs = await producer.queue('notify').getJobs(['waiting', 'delayed', 'prioritized', 'completed', 'active']);
      return jobs
        .filter((j) => j.data?.payload?.kind === 'alert')
        .map((j) => ({ ...(j.data.payload as OutboxMessage), jobId: j.id! }))
        .sort((a, b) => a.createdAt - b.createdAt || a.jobId.localeCompare(b.jobId));
    },
    result: (queue, jobId) => waitFor('the result message', async () => (await producer.queue('notify').getJob(`res.${queue}@${cfg.hostId}.${jobId}`))?.data.payload as OutboxMessage | undefined),
    restartWorker: async (o = {}) => {
      await h.app.stop();
      h.app = await start(o.bootTime);
    },
    restartWorkerFromStopped: async (o = {}) => {
      h.app = await start(o.bootTime);
    },
    stop: async () => {
      await h.app.stop();
      await producer.close();
      conn.disconnect();
      await redis.stop();
    },
  };
  const start = (bootTime?: number) =>
    startWorkerApp({
      config: cfg,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'fatal' }),
      redisUrl: redis.url,
      schedules: opts.schedules ?? false,
      now: () => (opts.realClock ? Date.now() : clock.now),
      bootTime: () => bootTime ?? T0 - 3600_000,
      ...(opts.runner ? { runner: opts.runner } : { runner: createRunner() }),
      ...(opts.realSampler ? {} : { sampler: async (): Promise<HostSample> => syntheticSample({ at: opts.realClock ? Date.now() : clock.now, ...h.figures }) }),
    });
  h.app = await start(opts.bootTime);
  return h;
}
