import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDashboard, type HealthReport } from '@potion/dashboard';
import { waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';

test('/healthz goes 503 when the worker stops and 200 again when it runs', async (t) => {
  const r = await startTestRedis();
  // One cleanup, in order: node:test runs t.after hooks first-in first-out.
  const cleanups: Array<() => unknown> = [() => r.stop()];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  // One sample a second: the worker counts as stopped after 3 s without a sign of life.
  const config = testConfig({ SAMPLE_INTERVAL_SEC: '1', HEARTBEAT_INTERVAL_SEC: '300' });
  const log = createLogger({ name: 'test', logDir: undefined, level: 'error', stdout: false });
  const redis = createRedis(r.url, { role: 'producer', name: 'test-dashboard' });
  cleanups.push(() => redis.disconnect());
  await waitReady(redis);
  const app = await buildDashboard({ config, log, redis, password: 'a-long-enough-password' });
  cleanups.push(() => app.close());

  let worker: WorkerApp | undefined;
  const stopWorker = async () => {
    const w = worker;
    worker = undefined;
    await w?.stop();
  };
  cleanups.push(stopWorker);
  const health = async (status: number) => {
    const res = await app.inject({ url: '/healthz' });
    return res.statusCode === status ? (res.json() as HealthReport) : undefined;
  };

  const before = await app.inject({ url: '/healthz' });
  assert.equal(before.statusCode, 503, 'no worker has run yet');
  assert.match((before.json() as HealthReport).problems.join(' '), /no heartbeat or sample yet/);

  worker = await startWorkerApp({ config, log, redisUrl: r.url });
  const up = await waitFor('healthz 200 with the worker running', () => health(200), 15_000);
  assert.equal(up.redis, 'ok');
  assert.ok(up.heartbeatAgeMs !== null || up.sampleAgeMs !== null, "the worker left a sign of life");

  const stoppedAt = Date.now();
  await stopWorker();
  const down = await waitFor('healthz 503 after the worker stopped', () => health(503), 15_000);
  t.diagnostic(`503 came ${Date.now() - stoppedAt} ms after the worker stopped`);
  assert.equal(down.redis, 'ok');
  assert.match(down.problems.join(' '), /worker: last sign of life \d+ s ago/);

  worker = await startWorkerApp({ config, log, redisUrl: r.url });
  const back = await waitFor('healthz 200 once the worker runs again', () => health(200), 15_000);
  assert.deepEqual(back.problems, []);

  // Redis itself gone: 503 naming Redis, and /metrics says so instead of failing.
  await stopWorker();
  await r.server.stop();
  const noRedis = await waitFor('healthz 503 naming Redis', () => health(503).then((h) => (h?.redis === 'down' ? h : undefined)), 15_000);
  assert.match(noRedis.problems.join(' '), /^redis: /);
  const metrics = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer a-long-enough-password' } });
  assert.equal(metrics.statusCode, 200);
  assert.match(metrics.body, /^potion_redis_up 0$/m);
});

