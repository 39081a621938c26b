import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildDashboard } from '@potion/dashboard';
import { openQueue, openWorker, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { parsePromText } from '../harness/prom-text.js';

// Issue 20: the dashboard counts kept jobs with BullMQ's counts and reads a few fields of the
// newest ones, never whole jobs (data and result), so its memory does not grow with the
// 5,000 jobs a queue keeps.

const PASSWORD = 'correct-horse-battery-staple';
const KEPT = 300;
const BIG = 'x'.repeat(20_000);

/** How often Redis ran a command since the last CONFIG RESETSTAT (INFO commandstats). */
async function calls(redis: Redis, command: string): Promise<number> {
  const info = await redis.info('commandstats');
  const m = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : 0;
}

describe('dashboard scrapes and home page read no whole job (real Redis, 300 kept jobs of 20 kB)', () => {
  let r: TestRedis;
  let redis: Redis;
  let workerConn: Redis;
  let app: FastifyInstance;
  const config = testConfig({ HOST_ID: 'home' });
  const auth = { authorization: `Bearer ${PASSWORD}` };

  before(async () => {
    r = await startTestRedis();
    redis = createRedis(r.url, { role: 'producer', name: 'test-dashboard' });
    workerConn = createRedis(r.url, { role: 'worker', name: 'test-worker' });
    await waitReady(redis);
    const name = queueName('read', config.hostId);
    const q = openQueue(name, { connection: redis });
    const w = openWorker(
      name,
      async (job) => {
        if (job.name === 'broken.job') throw new Error('boom');
        const i = (job.data as { i: number }).i;
        return { sample: undefined, hddMount: '/mnt/x', services: [{ unit: 'n8n.service', active: i === KEPT - 1 ? 'failed' : 'active', sub: 'x', found: true }], unread: [], pad: BIG };
      },
      { connection: workerConn, concurrency: 1 },
    );
    for (let i = 0; i < KEPT; i++) await q.add('status.summary', { i, pad: BIG }, { removeOnComplete: false });
    await q.add('broken.job', { i: -1 }, { attempts: 1, removeOnFail: false });
    await waitFor('jobs done', async () => (await q.getJobCountByTypes('completed')) === KEPT && (await q.getJobCountByTypes('failed')) === 1, 60_000, 100);
    await w.close();
    await q.close();
    app = await buildDashboard({ config, log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }), redis, password: PASSWORD });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    redis?.disconnect();
    workerConn?.disconnect();
    await r?.stop();
  });

  test('a scrape counts every kept job and every run time without loading a job', async () => {
    await redis.config('RESETSTAT');
    const res = await app.inject({ url: '/metrics', headers: auth });
    assert.equal(res.statusCode, 200);
    const { samples } = parsePromText(res.body);
    const value = (n: string, labels: Record<string, string>) => samples.find((s) => s.name === n && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    assert.equal(value('potion_queue_jobs', { queue: 'read@home', state: 'completed' }), KEPT);
    assert.equal(value('potion_queue_jobs', { queue: 'read@home', state: 'failed' }), 1);
    assert.equal(value('potion_job_duration_seconds_count', { queue: 'read@home', name: 'status.summary', outcome: 'completed' }), KEPT);
    assert.equal(value('potion_job_duration_seconds_count', { queue: 'read@home', name: 'broken.job', outcome: 'failed' }), 1);
    assert.equal(await calls(redis, 'hgetall'), 0, 'no job hash read whole');
  });

  test('the home page shows the newest status.summary services, reading one result only', async () => {
    await redis.config('RESETSTAT');
    const res = await app.inject({ url: '/', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<code>n8n\.service<\/code><\/td><td class="bad">❌ mati \(x\)<\/td>/);
    assert.equal(await calls(redis, 'hgetall'), 0, 'no job hash read whole');
    assert.equal(await calls(redis, 'hget'), 1, 'the result of the newest status.summary only');
  });
});
