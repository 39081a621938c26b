import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { BULL_BOARD_PATH, buildDashboard, NoAddAdapter } from '@potion/dashboard';
import { openQueue, openWorker, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

const PASSWORD = 'actions-test-password-123';
const bearer = { authorization: `Bearer ${PASSWORD}` };
/** What the review sent: a host.reboot "confirmed" by an admin the request named itself. */
const REBOOT = JSON.stringify({
  name: 'host.reboot',
  data: { payload: {}, meta: { requestId: 'x', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 1, enqueuedAt: 0 } },
  options: {},
});

/** A raw HTTP request whose path goes out byte for byte (no client-side normalisation). */
function rawHttp(port: number, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...bearer, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Bull Board actions (DASHBOARD_ALLOW_ACTIONS=true): only retry, clean and promote', () => {
  let r: TestRedis;
  let redis: Redis;
  let open: FastifyInstance;
  let closed: FastifyInstance;
  let port = 0;
  const config = testConfig({ HOST_ID: 'home' });
  const log = createLogger({ name: 'dashboard', logDir: undefined, level: 'error', stdout: false });
  const queues = new Map<string, Queue>();
  const q = (kind: 'read' | 'once') => queues.get(queueName(kind, config.hostId))!;
  let failedReadId = '';
  let failedOnceId = '';

  before(async () => {
    r = await startTestRedis();
    redis = createRedis(r.url, { role: 'producer', name: 'test-actions' });
    await waitReady(redis);
    for (const kind of ['read', 'once'] as const) queues.set(queueName(kind, config.hostId), openQueue(queueName(kind, config.hostId), { connection: redis }));
    // One failed job on each queue, then no worker: nothing the board does can run anything.
    const conn = createRedis(r.url, { role: 'worker', name: 'test-actions-worker' });
    for (const kind of ['read', 'once'] as const) {
      const w = openWorker(queueName(kind, config.hostId), async () => { throw new Error('boom'); }, { connection: conn });
      const job = await q(kind).add(kind === 'read' ? 'status.summary' : 'service.restart', { payload: { unit: 'n8n.service' }, meta: {} }, { attempts: 1 });
      await waitFor(`the ${kind} job to fail`, async () => (await q(kind).getJobState(job.id!)) === 'failed');
      await w.close();
      if (kind === 'read') failedReadId = job.id!;
      else failedOnceId = job.id!;
    }
    conn.disconnect();
    await q('read').upsertJobScheduler('health-sample', { every: 3_600_000 }, { name: 'health.sample', data: { payload: {}, meta: {} } });
    await q('read').add('status.summary', { payload: {}, meta: {} }, { delay: 3_600_000, jobId: 'delayed-1' });
    open = await buildDashboard({ config: { ...config, dashboard: { ...config.dashboard, allowActions: true } }, log, redis, password: PASSWORD });
    await open.listen({ host: '127.0.0.1', port: 0 });
    const address = open.server.address();
    assert.ok(address && typeof address === 'object');
    port = address.port;
    closed = await buildDashboard({ config, log, redis, password: PASSWORD });
    await closed.ready();
    initial = await state();
    const counts = (initial as { once: Record<string, number> }).once;
    assert.equal(counts.failed, 1);
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 1, 'once@home holds only the failed job');
  });

  after(async () => {
    await open?.close();
    await closed?.close();
    for (const x of queues.values()) await x.close();
    redis?.disconnect();
    await r?.stop();
  });

  /** Every write Bull Board offers besides retry/clean/promote, in plain and encoded spellings. */
  const refused = (): Array<[string, string, string?]> => [
    ['POST', `${BULL_BOARD_PATH}/api/queues/once%40home/add`, REBOOT],
    ['POST', `${BULL_BOARD_PATH}/%61pi/queues/once%40home/add`, REBOOT],
    ['POST', `/%71ueues/api/queues/once%40home/add`, REBOOT],
    ['POST', `${BULL_BOARD_PATH}/api/queues/read%40home/add`, JSON.stringify({ name: 'status.summary', data: {}, options: {} })],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/empty`],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/obliterate`],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/pause`],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/pause`, JSON.stringify({})],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/concurrency`, JSON.stringify({ concurrency: 99 })],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/rate-limit`, JSON.stringify({ max: 1, duration: 1000 })],
    ['PATCH', `${BULL_BOARD_PATH}/api/queues/read%40home/${failedReadId}/update-data`, JSON.stringify({ jobData: { payload: { unit: 'x.service' }, meta: {} } })],
    ['PATCH', `${BULL_BOARD_PATH}/api/queues/read%40home/delayed-1/delay`, JSON.stringify({ delay: 0 })],
    ['PATCH', `${BULL_BOARD_PATH}/api/queues/read%40home/job-schedulers/health-sample`, JSON.stringify({ every: 1000 })],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/job-schedulers/health-sample/run`],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/read%40home/job-schedulers/health-sample/remove`],
    // The must-not-repeat queue: a retried restart or reboot would run without a confirmation.
    ['PUT', `${BULL_BOARD_PATH}/api/queues/once%40home/retry/failed`],
    ['PUT', `${BULL_BOARD_PATH}/api/queues/once%40home/${failedOnceId}/retry`],
  ];

  /** What the board could change: counts per state, the failed jobs' data, pause, the scheduler. */
  async function state(): Promise<unknown> {
    const read = q('read');
    return {
      once: await q('once').getJobCounts(),
      read: await read.getJobCounts(),
      data: (await read.getJob(failedReadId))?.data,
      paused: await read.isPaused(),
      delayed: await read.getJobState('delayed-1'),
      schedulers: (await read.getJobSchedulers()).map((s) => [s.key, s.every]),
    };
  }
  let initial: unknown;

  test('through fastify.inject, every other write is refused with 403 and nothing changes in Redis', async () => {
    for (const [method, url, body] of refused()) {
      const res = await open.inject({ method: method as 'POST', url, headers: { ...bearer, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: body } : {}) });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.match(res.body, /retry, clean and promote/);
    }
    assert.deepEqual(await state(), initial, 'nothing changed in Redis');
  });

  test('over a real socket, encoded paths are refused the same way', async () => {
    for (const [method, url, body] of refused()) {
      const res = await rawHttp(port, method, url, body);
      assert.equal(res.status, 403, `${method} ${url}: ${res.body}`);
    }
    assert.deepEqual(await state(), initial, 'nothing changed in Redis');
  });

  test('retry, clean and promote still work on the other queues', async () => {
    const promote = await open.inject({ method: 'PUT', url: `${BULL_BOARD_PATH}/api/queues/read%40home/delayed-1/promote`, headers: bearer });
    assert.equal(promote.statusCode, 204, promote.body);
    assert.equal(await q('read').getJobState('delayed-1'), 'waiting');
    const retry = await rawHttp(port, 'PUT', `${BULL_BOARD_PATH}/%61pi/queues/read%40home/${failedReadId}/retry`);
    assert.equal(retry.status, 204, retry.body);
    assert.equal(await q('read').getJobState(failedReadId), 'waiting');
    // Bulk clean keeps jobs younger than Bull Board's 5 s grace time; the answer says it ran.
    const cleanAll = await open.inject({ method: 'PUT', url: `${BULL_BOARD_PATH}/api/queues/once%40home/clean/failed`, headers: bearer });
    assert.equal(cleanAll.statusCode, 200, cleanAll.body);
    const clean = await open.inject({ method: 'PUT', url: `${BULL_BOARD_PATH}/api/queues/once%40home/${failedOnceId}/clean`, headers: bearer });
    assert.equal(clean.statusCode, 204, clean.body);
    assert.equal(await q('once').getJob(failedOnceId), undefined, 'the failed restart is gone, not run');
  });

  test('behind the routes, the adapter Bull Board is given cannot add or reschedule a job', async () => {
    const adapter = new NoAddAdapter(q('once'));
    assert.throws(() => adapter.addJob(), /cannot add/);
    assert.throws(() => adapter.runJobSchedulerNow(), /cannot add/);
    assert.throws(() => adapter.updateJobScheduler(), /cannot add/);
    assert.equal((await q('once').getJobs(['waiting', 'delayed', 'prioritized'])).length, 0);
  });

  test('read-only by default: encoded spellings of a write meet the hook too', async () => {
    for (const url of [`${BULL_BOARD_PATH}/%61pi/queues/read%40home/retry/failed`, `/%71ueues/api/queues/read%40home/clean/failed`, `${BULL_BOARD_PATH}/%61pi/queues/once%40home/add`]) {
      const res = await closed.inject({ method: url.endsWith('add') ? 'POST' : 'PUT', url, headers: { ...bearer, 'content-type': 'application/json' }, payload: REBOOT });
      assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
      assert.match(res.body, /read-only/);
    }
    assert.equal((await closed.inject({ url: `${BULL_BOARD_PATH}/%61pi/queues`, headers: bearer })).statusCode, 200, 'reading through an encoded path still works');
  });
});
