/**
 * What Prometheus scrapes and home-page loads cost the real dashboard process with a full
 * read queue: 5,000 kept completed jobs (BullMQ's KEEP_COMPLETED count) whose results are
 * the size of a status.summary, a few failed ones, and the dashboard started as in
 * production (`node apps/dashboard/dist/main.js`). Reports the dashboard's RSS when idle,
 * after N scrapes of /metrics and its peak (target: <= 120 MB), and the scrape times.
 *
 *   npm run build && node bench/dist/dashboard-scrape.js
 *   BENCH_SCRAPES=40 BENCH_SCRAPE_GAP_MS=250 node bench/dist/dashboard-scrape.js
 *   BENCH_DASHBOARD_NODE_FLAGS=none ...   # without npm start's Node flags (or other flags)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { openQueue, openWorker, queueName, waitReady } from '@potion/jobs';
import { createRedis, freePort } from '@potion/platform';
import { runStops, startAppProcess, startTestRedis, testConfig, waitFor, type StopList } from '@potion/testkit';
import { nodeArgs } from './_node-flags.js';

const JOBS = 5000;
const FAILED = 50;
const PASSWORD = 'bench-password-123';
const DASHBOARD_MAIN = fileURLToPath(new URL('../../apps/dashboard/dist/main.js', import.meta.url));
const scrapes = Number(process.env.BENCH_SCRAPES ?? 40);
const gapMs = Number(process.env.BENCH_SCRAPE_GAP_MS ?? 250);

function rssMb(pid: number | undefined, field = 'VmRSS'): number {
  if (pid === undefined) return NaN;
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : NaN;
}

/** A status.summary-sized result (~1.5 kB of JSON), like the ones the read queue keeps. */
function summaryResult(i: number): Record<string, unknown> {
  const disk = (mount: string) => ({ mount, mounted: true, sizeBytes: 500e9, usedBytes: 200e9 + i, usePercent: 40 });
  return {
    sample: {
      at: Date.now(),
      cpu: { usagePercent: 3.5, load1: 0.2, load5: 0.3, load15: 0.25, cores: 4 },
      mem: { totalBytes: 8e9, usedBytes: 3e9, freeBytes: 1e9, availableBytes: 5e9, swapTotalBytes: 2e9, swapUsedBytes: 0 },
      disks: [disk('/'), disk('/mnt/potion-data')],
      tempC: 48,
      uptimeSec: 86_400 + i,
      bootTime: Date.now() - 86_400_000,
      services: ['n8n.service', 'cloudflared.service', 'mcp-rag.service'].map((unit) => ({ unit, active: 'active', sub: 'running', found: true })),
      net: { reachable: true, ms: 12, target: '1.1.1.1:443' },
      power: null,
      tookMs: 8.5,
    },
    sampleAgeMs: 1200,
    hddMount: '/mnt/potion-data',
    services: ['n8n.service', 'cloudflared.service', 'mcp-rag.service'].map((unit) => ({ unit, active: 'active', sub: 'running', found: true })),
    muteBanner: null,
    unread: [],
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const r1 = (n: number) => Math.round(n * 10) / 10;

export async function run(): Promise<Record<string, number | string>> {
  const stops: StopList = [];
  try {
    const r = await startTestRedis();
    stops.push(() => r.stop());
    const redis = createRedis(r.url, { role: 'producer', name: 'bench' });
    const workerConn = createRedis(r.url, { role: 'worker', name: 'bench-worker' });
    stops.push(() => {
      redis.disconnect();
      workerConn.disconnect();
    });
    await waitReady(redis);
    const port = await freePort();
    const config = testConfig({ REDIS_URL: r.url, DASHBOARD_PORT: String(port), DASHBOARD_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' });
    const name = queueName('read', config.hostId);
    const q = openQueue(name, { connection: redis });
    const w = openWorker(
      name,
      async (job) => {
        if (job.name === 'broken.job') throw new Error('boom');
        return summaryResult(Number((job.data as { i: number }).i));
      },
      { connection: workerConn, concurrency: 100 },
    );
    const meta = { requestId: 'bench', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 1, enqueuedAt: Date.now() };
    await q.addBulk(Array.from({ length: JOBS }, (_, i) => ({ name: 'status.summary', data: { i, payload: {}, meta }, opts: { removeOnComplete: false } })));
    await q.addBulk(Array.from({ length: FAILED }, (_, i) => ({ name: 'broken.job', data: { i, payload: {}, meta }, opts: { attempts: 1, removeOnFail: false } })));
    await waitFor('jobs done', async () => (await q.getJobCountByTypes('completed')) === JOBS && (await q.getJobCountByTypes('failed')) === FAILED, 180_000, 200);
    await w.close();
    await q.close();

    const dash = startAppProcess(DASHBOARD_MAIN, config.env, { nodeArgs: nodeArgs('dashboard', process.env.BENCH_DASHBOARD_NODE_FLAGS) });
    stops.push(() => dash.stop());
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      'the dashboard to answer',
      async () => {
        if (dash.child.exitCode !== null) throw new Error(`the dashboard exited: ${dash.output().slice(-2000)}`);
        // Any answer will do: /healthz says 503 here, as no worker writes a heartbeat.
        return (await fetch(`${base}/healthz`).catch(() => undefined)) ? true : undefined;
      },
      60_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${dash.output().slice(-2000)}`);
    });
    const pid = dash.child.pid;
    await delay(1000);
    const idleRss = rssMb(pid);
    const auth = { authorization: `Bearer ${PASSWORD}` };
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: auth });
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      return res.text();
    };
    const [body, firstScrapeMs] = await timed(() => get('/metrics'));
    if (!/potion_queue_jobs\{queue="read@[^"]+",state="completed"\} 5000/.test(body)) throw new Error('the scrape does not count the 5000 kept jobs');
    const rssAfterFirst = rssMb(pid);
    const steady: number[] = [];
    let peak = rssAfterFirst;
    for (let i = 0; i < scrapes; i += 1) {
      steady.push((await timed(() => get('/metrics')))[1]);
      peak = Math.max(peak, rssMb(pid));
      await delay(gapMs);
    }
    const rssAfterScrapes = rssMb(pid);
    const home: number[] = [];
    for (let i = 0; i < 5; i += 1) home.push((await timed(() => get('/')))[1]);
    peak = Math.max(peak, rssMb(pid));
    return {
      completed_jobs_kept: JOBS,
      failed_jobs_kept: FAILED,
      scrapes,
      scrape_gap_ms: gapMs,
      metrics_first_scrape_ms: Math.round(firstScrapeMs),
      metrics_steady_scrape_ms_median: r1(median(steady)),
      home_page_ms_median: r1(median(home)),
      dashboard_rss_idle_mb: idleRss,
      dashboard_rss_after_first_scrape_mb: rssAfterFirst,
      dashboard_rss_after_scrapes_mb: rssAfterScrapes,
      dashboard_rss_peak_mb: r1(peak),
      dashboard_rss_hwm_mb: rssMb(pid, 'VmHWM'),
      dashboard_rss_target_mb: 120,
      dashboard_rss_ok: rssMb(pid, 'VmHWM') <= 120 ? 'yes' : 'NO',
      node_flags: nodeArgs('dashboard', process.env.BENCH_DASHBOARD_NODE_FLAGS).join(' ') || 'none',
    };
  } finally {
    await runStops(stops);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(38)} ${v}\n`);
  process.exit(0);
}
