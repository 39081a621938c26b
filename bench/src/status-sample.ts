/**
 * What one status costs: one host sample (apps/worker/src/host/sampler.ts takeSample) and a
 * status.summary request end to end (enqueue -> worker -> outbox message), through a real
 * private Redis with the stand-ins on PATH. CPU ms is this process's user+system time
 * (worker and producer run in-process; redis-server and systemctl stand-ins are not counted).
 *
 * Run: npm run build && node bench/dist/status-sample.js
 */
import { createRunner } from '@potion/adapters';
import { openQueueEvents, Producer, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { createStandins, startTestRedis, testConfig } from '@potion/testkit';
import { startWorkerApp, takeSample } from '@potion/worker';
import { fileURLToPath } from 'node:url';

const SAMPLES = 30;
const REQUESTS = 30;

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

async function measure(fn: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

export async function run(): Promise<Record<string, number | string>> {
  const config = testConfig({ SERVICES_WHITELIST: 'n8n.service,cloudflared.service,potion-worker.service', PUBLIC_IP_URL: 'off', SPEEDTEST_URL: 'off' });
  const opts = { hddMount: config.hddMount, procRoot: '/proc', now: Date.now };

  await takeSample(opts); // the first call primes systeminformation's CPU counters
  const sample = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    const m = await measure(() => takeSample(opts));
    sample.wall.push(m.wallMs);
    sample.cpu.push(m.cpuMs);
  }

  const redis = await startTestRedis();
  const standins = createStandins();
  for (const u of ['n8n.service', 'cloudflared.service', 'potion-worker.service']) standins.unit(u, 'active running');
  const log = createLogger({ name: 'bench', logDir: undefined, level: 'silent', stdout: false });
  const worker = await startWorkerApp({ config, log, redisUrl: redis.url, schedules: false, runner: createRunner({ env: { ...process.env, ...standins.env } }) });
  const conn = createRedis(redis.url, { role: 'producer', name: 'bench-producer' });
  const eventsConn = createRedis(redis.url, { role: 'worker', name: 'bench-events' });
  await waitReady(conn);
  const producer = new Producer({ connection: conn, hostId: config.hostId });
  const events = openQueueEvents(queueName('notify', config.hostId), { connection: eventsConn });
  await events.waitUntilReady();
  const req = { wall: [] as number[], cpu: [] as number[] };
  try {
    for (let i = 0; i < REQUESTS + 1; i++) {
      const m = await measure(async () => {
        const meta = { requestId: `bench${i}`, by: { kind: 'telegram' as const, userId: config.adminIds[0]! }, chatId: config.adminIds[0]!, messageId: 1, enqueuedAt: Date.now() };
        const seen = new Set<string>();
        let expected = '';
        let wake: () => void = () => undefined;
        const arrived = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const onAdded = ({ jobId }: { jobId: string }) => {
          seen.add(jobId);
          if (jobId === expected) wake();
        };
        events.on('added', onAdded);
        try {
          const id = await producer.enqueue('status.summary', {}, meta);
          expected = `res.${queueName('read', config.hostId)}.${id}`;
          if (!seen.has(expected)) await arrived;
        } finally {
          events.off('added', onAdded);
        }
      });
      if (i === 0) continue; // warm-up: the first request takes and stores the first sample
      req.wall.push(m.wallMs);
      req.cpu.push(m.cpuMs);
    }
  } finally {
    await events.close();
    eventsConn.disconnect();
    await producer.close();
    conn.disconnect();
    await worker.stop();
    await redis.stop();
    standins.cleanup();
  }
  const sw = stats(sample.wall);
  const sc = stats(sample.cpu);
  const rw = stats(req.wall);
  const rc = stats(req.cpu);
  return {
    'sample wall ms (median)': sw.median,
    'sample wall ms (p95)': sw.p95,
    'sample cpu ms (median)': sc.median,
    'sample cpu ms (p95)': sc.p95,
    'status.summary e2e wall ms (median)': rw.median,
    'status.summary e2e wall ms (p95)': rw.p95,
    'status.summary e2e cpu ms (median)': rc.median,
    'status.summary e2e cpu ms (p95)': rc.p95,
    samples: SAMPLES,
    requests: REQUESTS,
    'whitelisted services': 3,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run()
    .then((r) => {
      const w = Math.max(...Object.keys(r).map((k) => k.length));
      for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(w)}  ${v}`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
