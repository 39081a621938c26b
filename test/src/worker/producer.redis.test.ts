import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { JobPayloadError, Producer, QueueUnavailableError, waitReady, type JobMeta } from '@potion/jobs';
import { createRedis } from '@potion/platform';

const meta: JobMeta = { requestId: 'req-1', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 7, enqueuedAt: 1 };

describe('producer (real Redis)', () => {
  let redis: TestRedis;
  let conn: Redis;
  let producer: Producer;
  before(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, { role: 'producer', name: 'test' });
    await waitReady(conn);
    producer = new Producer({ connection: conn, hostId: 'home' });
  });
  after(async () => {
    await producer.close();
    conn.disconnect();
    await redis.stop();
  });

  it('puts a valid job on the queue its delivery promise needs, with payload and meta readable', async () => {
    const id = await producer.enqueue('service.restart', { unit: 'n8n.service' }, meta);
    const job = await producer.queue('once').getJob(id);
    assert.equal(job?.name, 'service.restart');
    assert.deepEqual(job?.data, { payload: { unit: 'n8n.service' }, meta });
    assert.equal(job?.opts.attempts, 1);
  });

  it('a malformed payload at run time is rejected with a clear error and nothing is queued', async () => {
    const before = await producer.queue('once').getJobCounts();
    await assert.rejects(
      producer.enqueue('service.restart', { unit: '-H evil' } as never, meta),
      (e: unknown) => e instanceof JobPayloadError && /service\.restart.*unit: not a systemd unit name/.test(e.message),
    );
    await assert.rejects(producer.enqueue('status.summary', { extra: 1 } as never, meta), /Invalid payload for job "status\.summary"/);
    await assert.rejects(producer.enqueue('status.summary', {}, { ...meta, requestId: 'a b' }), /meta\.requestId/);
    assert.deepEqual(await producer.queue('once').getJobCounts(), before);
  });

  it('the same job id enqueued twice makes one job', async () => {
    const a = await producer.enqueue('status.summary', {}, meta, { jobId: 'tg-555-status' });
    const b = await producer.enqueue('status.summary', {}, meta, { jobId: 'tg-555-status' });
    assert.equal(a, b);
    assert.equal(await producer.queue('read').count(), 1);
  });

  it('redis-cli --scan shows only the project\'s keys, under the potion prefix', async () => {
    await conn.set('potion:heartbeat', String(Date.now()));
    const port = new URL(redis.url).port;
    const all = execFileSync('redis-cli', ['-p', port, '--scan'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const ours = execFileSync('redis-cli', ['-p', port, '--scan', '--pattern', 'potion*'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    assert.ok(ours.length > 3);
    assert.deepEqual([...all].sort(), [...ours].sort(), 'every key starts with potion');
    assert.ok(ours.includes('potion:once@home:meta'), 'queue keys read as potion:<queue>@<host>:...');
    assert.ok(ours.some((k) => k.startsWith('potion:read@home:')));
  });

  it('enqueueTogether puts jobs of several queues in Redis at once, as enqueue would, and nothing when one is malformed', async () => {
    const note = { chatId: 1001, text: 'Oke', kind: 'info' as const, createdAt: 1 };
    const ids = await producer.enqueueTogether([
      { name: 'notify.send', payload: note, meta: { requestId: 'req-2', by: { kind: 'system', name: 'bot' }, enqueuedAt: 1 }, opts: { jobId: 'pend-9' } },
      { name: 'status.summary', payload: {}, meta: { ...meta, requestId: 'req-2' }, opts: { jobId: 'tg-9' } },
    ]);
    assert.deepEqual(ids, ['pend-9', 'tg-9']);
    const pending = await producer.queue('notify').getJob('pend-9');
    assert.deepEqual(pending?.data.payload, note);
    assert.equal(pending?.opts.attempts, (await producer.queue('notify').getJob(await producer.enqueue('notify.send', note, { requestId: 'req-3', by: { kind: 'system', name: 'bot' }, enqueuedAt: 1 })))?.opts.attempts);
    assert.equal((await producer.queue('read').getJob('tg-9'))?.name, 'status.summary');
    const before = await producer.queue('notify').count();
    await assert.rejects(
      producer.enqueueTogether([
        { name: 'notify.send', payload: note, meta: { requestId: 'req-4', by: { kind: 'system', name: 'bot' }, enqueuedAt: 1 }, opts: { jobId: 'pend-10' } },
        { name: 'status.summary', payload: { extra: 1 } as never, meta, opts: { jobId: 'tg-10' } },
      ]),
      /Invalid payload for job "status\.summary"/,
    );
    assert.equal(await producer.queue('notify').count(), before, 'the first job was not queued either');
  });

  it('fails fast with a clear error when Redis is down, instead of waiting', async () => {
    const other = await startTestRedis();
    const c = createRedis(other.url, { role: 'producer', name: 'down' });
    await waitReady(c);
    const p = new Producer({ connection: c, hostId: 'home' });
    await p.enqueue('status.summary', {}, meta);
    await other.server.kill9();
    await assert.rejects(p.enqueue('status.summary', {}, meta), (e: unknown) => e instanceof QueueUnavailableError);
    c.disconnect(false);
    await other.stop();
  });
});
