import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRedis, waitFor, type TestRedis } from '@potion/testkit';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULLMQ_PREFIX, keys, localRepeatStrategy, nextLocalRun, openQueue, openQueueEvents, openWorker, queueName, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';

/** A Worker subclass, standing in for the worker's TolerantWorker. */
class MarkedWorker extends Worker {}

// The one place queues are set up (libs/jobs/src/queues.ts): what its options promise must
// reach BullMQ, seen in Redis where possible (what redis-cli would show).
describe('openQueue / openWorker / openQueueEvents (real Redis)', () => {
  let redis: TestRedis;
  let producer: Redis;
  const connections: Redis[] = [];
  const closers: Array<() => Promise<void>> = [];
  const workerConn = (name: string) => {
    const c = createRedis(redis.url, { role: 'worker', name });
    connections.push(c);
    return c;
  };

  before(async () => {
    redis = await startTestRedis();
    producer = createRedis(redis.url, { role: 'producer', name: 'test-producer' });
    await waitReady(producer);
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
    for (const c of connections) c.disconnect();
    producer.disconnect();
    await redis.stop();
  });

  it('openQueue writes under potion:<queue>: and listens for errors with onError', async () => {
    const name = queueName('read', 'q1');
    const onError = () => undefined;
    const queue = openQueue(name, { connection: producer, onError });
    closers.push(() => queue.close());
    const job = await queue.add('status.summary', { payload: {}, meta: {} });
    assert.equal(await producer.exists('potion:read@q1:meta'), 1, 'the queue lives under the potion prefix');
    assert.equal(await producer.hget(keys.bullmq(name, job.id!), 'name'), 'status.summary');
    assert.deepEqual(await producer.keys('bull:*'), [], 'nothing under BullMQ\'s default prefix');
    assert.ok(queue.listeners('error').includes(onError));
  });

  it('openWorker hands the lock, stall check, concurrency, drain delay and class to BullMQ', async () => {
    const name = queueName('once', 'q2');
    const queue = openQueue(name, { connection: producer });
    closers.push(() => queue.close());
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const onError = () => undefined;
    const worker = openWorker(name, async () => { await held; return 'done'; }, {
      connection: workerConn('test-q2'),
      concurrency: 3,
      maxStalledCount: 0,
      lockMs: 120_000,
      drainDelaySec: 7,
      workerClass: MarkedWorker,
      onError,
    });
    closers.push(() => worker.close());
    const job = await queue.add('service.restart', { payload: {}, meta: {} });
    await waitFor('the job to be active', async () => ((await queue.getJobState(job.id!)) === 'active' ? true : undefined));
    const lockTtl = await producer.pttl(keys.bullmq(name, `${job.id!}:lock`));
    assert.ok(lockTtl > 30_000, `the job lock is lockMs long, not BullMQ's 30 s (PTTL ${lockTtl})`);
    assert.ok(worker instanceof MarkedWorker);
    assert.equal(worker.opts.lockDuration, 120_000);
    assert.equal(worker.opts.stalledInterval, 120_000, 'the stalled check runs as often as the lock lasts');
    assert.equal(worker.opts.maxStalledCount, 0);
    assert.equal(worker.opts.concurrency, 3);
    assert.equal(worker.opts.drainDelay, 7);
    assert.ok(worker.listeners('error').includes(onError));
    release();
    await waitFor('the job to complete', async () => ((await queue.getJobState(job.id!)) === 'completed' ? true : undefined));
    assert.equal(await producer.hget(keys.bullmq(name, job.id!), 'returnvalue'), '"done"');
  });

  it('options left out keep BullMQ\'s defaults; autorun: false waits for run()', async () => {
    const name = queueName('read', 'q3');
    const worker = openWorker(name, async () => undefined, { connection: workerConn('test-q3'), autorun: false });
    closers.push(() => worker.close());
    // A bare BullMQ Worker on purpose: the baseline of BullMQ's own defaults.
    const bare = new Worker(name, async () => undefined, { connection: workerConn('test-q3-bare'), prefix: BULLMQ_PREFIX, autorun: false });
    closers.push(() => bare.close());
    assert.equal(worker.isRunning(), false);
    for (const opt of ['concurrency', 'maxStalledCount', 'lockDuration', 'stalledInterval', 'drainDelay'] as const) {
      assert.equal(worker.opts[opt], bare.opts[opt], opt);
    }
  });

  it('queue and worker both compute a scheduler\'s runs with the local repeat strategy (decision 052)', async (t) => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kathmandu';
    t.after(() => {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    });
    const name = queueName('read', 'q5');
    const queue = openQueue(name, { connection: producer });
    closers.push(() => queue.close());
    const worker = openWorker(name, async () => 'ran', { connection: workerConn('test-q5') });
    closers.push(() => worker.close());
    assert.equal(queue.opts.settings?.repeatStrategy, localRepeatStrategy);
    assert.equal(worker.opts.settings?.repeatStrategy, localRepeatStrategy);
    // Upsert (the queue) puts in the first run; taking it (the worker) puts in the next.
    const first = nextLocalRun(Date.now(), { minute: 0, hour: 3 })!;
    await queue.upsertJobScheduler('daily', { pattern: '0 3 * * *', tz: 'Asia/Kathmandu' }, { name: 'x', data: {} });
    const job = await waitFor('the first run', async () => (await queue.getJobs(['delayed'])).find((j) => j.id === `repeat:daily:${first}`));
    await job.promote();
    const second = nextLocalRun(first, { minute: 0, hour: 3 })!;
    assert.equal(second - first, 24 * 3600_000);
    await waitFor('the next run', async () => (await queue.getJobs(['delayed'])).find((j) => j.id === `repeat:daily:${second}`));
  });

  it('openQueueEvents hears the jobs of a queue opened with openQueue', async () => {
    const name = queueName('read', 'q4');
    const queue = openQueue(name, { connection: producer });
    closers.push(() => queue.close());
    const events = openQueueEvents(name, { connection: workerConn('test-q4-events') });
    closers.push(() => events.close());
    await events.waitUntilReady();
    const worker = openWorker(name, async (job: Job) => `seen ${String(job.name)}`, { connection: workerConn('test-q4') });
    closers.push(() => worker.close());
    const job = await queue.add('status.summary', { payload: {}, meta: {} });
    assert.equal(await job.waitUntilFinished(events, 10_000), 'seen status.summary');
  });
});
