import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { hostKeys, openQueueEvents, Producer, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import { pingHealthcheck, startWorkerApp, type WorkerApp } from '@potion/worker';
import type { QueueEvents } from 'bullmq';

/** A local push endpoint like Healthchecks.io: records the GETs; /slow never answers; /gone answers 404. */
async function startPushServer(): Promise<{ url: string; hits: IncomingMessage[]; stop: () => Promise<void> }> {
  const hits: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req);
    if (req.url?.startsWith('/slow')) return;
    res.writeHead(req.url?.startsWith('/gone') ? 404 : 200, { 'content-type': 'text/plain' });
    res.end('OK');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('HEALTHCHECK_URL: the heartbeat pings a push monitor so a dead laptop is noticed from outside', () => {
  let push: Awaited<ReturnType<typeof startPushServer>>;
  before(async () => {
    push = await startPushServer();
  });
  after(async () => {
    await push?.stop();
  });

  test('a ping is a GET that reports the status', async () => {
    const r = await pingHealthcheck(`${push.url}/ping/abc`);
    assert.deepEqual({ ok: r.ok, status: r.status }, { ok: true, status: 200 });
    assert.equal(push.hits.at(-1)?.method, 'GET');
    assert.equal(push.hits.at(-1)?.url, '/ping/abc');
  });

  test('a 404, a server that never answers, or a closed port never throw', async () => {
    assert.deepEqual(await pingHealthcheck(`${push.url}/gone`).then((r) => [r.ok, r.status, r.error]), [false, 404, 'HTTP 404']);
    const slow = await pingHealthcheck(`${push.url}/slow`, { timeoutMs: 300 });
    assert.equal(slow.ok, false);
    assert.match(slow.error ?? '', /no answer within 300 ms/);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await pingHealthcheck(`http://127.0.0.1:${port}/ping`);
    assert.equal(refused.ok, false);
    assert.equal(refused.error, 'ECONNREFUSED');
  });

  describe('through the worker (health.heartbeat job, real Redis)', () => {
    let redis: TestRedis;
    let worker: WorkerApp;
    let producer: Producer;
    let conn: ReturnType<typeof createRedis>;
    let events: QueueEvents;

    async function heartbeat(url: string): Promise<unknown> {
      const config = testConfig({ HOST_ID: 'hc', HEALTHCHECK_URL: url });
      worker = await startWorkerApp({ config, log: createLogger({ name: 'worker', logDir: undefined, level: 'silent', stdout: false }), redisUrl: redis.url, schedules: false });
      try {
        const id = await producer.enqueue('health.heartbeat', {}, { requestId: `hb${Date.now()}`, by: { kind: 'scheduler', name: 'test' }, enqueuedAt: Date.now() });
        const job = await producer.queue('read').getJob(id);
        assert.ok(job);
        return await job.waitUntilFinished(events, 15_000);
      } finally {
        await worker.stop();
      }
    }

    before(async () => {
      redis = await startTestRedis();
      conn = createRedis(redis.url, { role: 'producer', name: 'test' });
      await waitReady(conn);
      producer = new Producer({ connection: conn, hostId: 'hc' });
      events = openQueueEvents(queueName('read', 'hc'), { connection: { url: redis.url } });
      await events.waitUntilReady();
    });
    after(async () => {
      await events?.close();
      await producer?.close();
      conn?.disconnect();
      await redis?.stop();
    });

    test('each heartbeat pings HEALTHCHECK_URL and still writes its own timestamp', async () => {
      const before = push.hits.length;
      const r = (await heartbeat(`${push.url}/uuid-1`)) as { ping?: { ok: boolean; status?: number } };
      assert.deepEqual(r.ping && { ok: r.ping.ok, status: r.ping.status }, { ok: true, status: 200 });
      assert.equal(push.hits.slice(before).filter((h) => h.url === '/uuid-1').length, 1);
      assert.ok(Number(await conn.get(hostKeys('hc').heartbeat)) > 0);
    });

    test('a push server that hangs does not fail the heartbeat', async () => {
      const r = (await heartbeat(`${push.url}/slow`)) as { at: number; ping?: { ok: boolean; error?: string } };
      assert.equal(r.ping?.ok, false);
      assert.ok(r.at > 0);
      await waitFor('the heartbeat key', async () => Number(await conn.get(hostKeys('hc').heartbeat)) >= r.at, 2_000);
    });
  });
});
