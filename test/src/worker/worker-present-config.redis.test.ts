import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadProofKey, Producer, waitReady, type JobMeta } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { createRunner } from '@potion/adapters';
import { createStandins, startTestRedis, testConfig, waitFor, type Standins, type TestRedis } from '@potion/testkit';
import { createHandlers, startWorkerApp, type Handlers, type WorkerApp } from '@potion/worker';
import type { Redis } from 'ioredis';

// docs/decisions/029: a family's present() gets the config (TIMEZONE, HDD_MOUNT, ...) from the
// one place that runs every job, so no text has to hard-code a setting.
describe("a job's presenter reads the worker's config", () => {
  let redis: TestRedis;
  let conn: Redis;
  let producer: Producer;
  let app: WorkerApp;
  let standins: Standins;
  const cfg = testConfig({ TIMEZONE: 'Europe/Lisbon' });
  const meta = (requestId: string): JobMeta => ({ requestId, by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 9, enqueuedAt: Date.now() });

  before(async () => {
    redis = await startTestRedis();
    standins = createStandins();
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'active running');
    conn = createRedis(redis.url, { role: 'producer', name: 'test' });
    await waitReady(conn);
    producer = new Producer({ connection: conn, hostId: cfg.hostId, signer: () => loadProofKey(cfg.dataDir) });
    const real = createHandlers();
    const handlers: Handlers = {
      ...real,
      // The real run, and a presenter that words its result with two settings.
      'service.list': {
        ...real['service.list'],
        present: (r, _data, { config }) => ({ text: `${r.services.length} service · ${config.timezone} · ${config.hddMount}`, raw: true }),
      },
    };
    app = await startWorkerApp({
      config: cfg,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'fatal' }),
      redisUrl: redis.url,
      runner: createRunner({ env: { ...process.env, ...standins.env } }),
      schedules: false,
      handlers,
    });
  });
  after(async () => {
    await app.stop();
    await producer.close();
    conn.disconnect();
    await redis.stop();
    standins.cleanup();
  });

  it('the chat text is worded with the configured TIMEZONE and HDD_MOUNT', async () => {
    const id = await producer.enqueue('service.list', {}, meta('present-config-1'));
    const msg = await waitFor('the result', () => producer.queue('notify').getJob(`res.read@${cfg.hostId}.${id}`));
    assert.equal(msg.data.payload.text, `2 service · Europe/Lisbon · ${cfg.hddMount}`);
  });
});
