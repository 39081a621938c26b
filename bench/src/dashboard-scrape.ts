import { buildDashboard } from '@potion/dashboard';
import { BULLMQ_PREFIX, createLogger, createRedis, queueName, waitReady } from '@potion/jobs';
import { startTestRedis, testConfig, waitFor } from '@potion/testkit';
import { Queue, Worker } from 'bullmq';
import { fileURLToPath } from 'node:url';

const JOBS = 5000;
const PASSWORD = 'bench-password-123';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

/**
 * What a Prometheus scrape and a home-page load cost with a full read queue (5000 kept
 * completed jobs, BullMQ's KEEP_COMPLETED count): the first scrape reads the kept history
 * once, later scrapes only the jobs finished since.
 */
export async function run(): Promise<Record<string, number | string>> {
  const r = await startTestRedis();
  const redis = createRedis(r.url, { role: 'producer', name: 'bench' });
  const workerConn = createRedis(r.url, { role: 'worker', name: 'bench-worker' });
  try {
    await waitReady(redis);
    const config = testConfig();
    const name = queueName('read', config.hostId);
    const q = new Queue(name, { connection: redis, prefix: BULLMQ_PREFIX });
    const w = new Worker(name, async () => ({ ok: true }), { connection: workerConn, prefix: BULLMQ_PREFIX, concurrency: 100 });
    await q.addBulk(Array.from({ length: JOBS }, (_, i) => ({ name: 'status.summary', data: { i }, opts: { removeOnComplete: false } })));
    await waitFor('jobs done', async () => (await q.getJobCountByTypes('completed')) === JOBS, 120_000, 200);
    await w.close();
    await q.close();

    const app = await buildDashboard({ config, log: createLogger({ name: 'bench', logDir: undefined, level: 'error', stdout: false }), redis, password: PASSWORD });
    const auth = { authorization: `Bearer ${PASSWORD}` };
    const [, firstScrapeMs] = await timed(() => app.inject({ url: '/metrics', headers: auth }));
    const steady: number[] = [];
    for (let i = 0; i < 10; i += 1) steady.push((await timed(() => app.inject({ url: '/metrics', headers: auth })))[1]);
    const home: number[] = [];
    for (let i = 0; i < 5; i += 1) home.push((await timed(() => app.inject({ url: '/', headers: auth })))[1]);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    await app.close();
    return {
      completed_jobs_kept: JOBS,
      metrics_first_scrape_ms: Math.round(firstScrapeMs),
      metrics_steady_scrape_ms_median: Math.round(median(steady) * 10) / 10,
      home_page_ms_median: Math.round(median(home) * 10) / 10,
      dashboard_process_rss_mb: Math.round(process.memoryUsage().rss / 1e6),
    };
  } finally {
    redis.disconnect();
    workerConn.disconnect();
    await r.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(34)} ${v}\n`);
}
