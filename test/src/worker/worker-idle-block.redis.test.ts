import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openQueue, openWorker, queueName, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import { startTestRedis, waitFor, type TestRedis } from '@potion/testkit';
import { IDLE_BLOCK_SEC, QuietWorker } from '@potion/worker';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

// The worker blocks up to IDLE_BLOCK_SEC (30 s) on an idle queue instead of BullMQ's 10 s
// (docs/decisions/056). What the user relies on still holds: a job added to an idle queue,
// and a delayed one (a retry's backoff, the next sample of a scheduler) when it is due, start
// well before the block would end by itself (the waits here are shorter than the block).
let redis: TestRedis;
let conn: Redis;
let queue: Queue;
let worker: Worker;
const done: string[] = [];
before(async () => {
  redis = await startTestRedis();
  conn = createRedis(redis.url, { role: 'worker', name: 'test-idle' });
  await waitReady(conn);
  const name = queueName('read', 'idle');
  queue = openQueue(name, { connection: conn });
  worker = openWorker(name, async (job) => void done.push(job.name), { connection: conn, drainDelaySec: IDLE_BLOCK_SEC, autorun: true, workerClass: QuietWorker });
  await worker.waitUntilReady();
});
after(async () => {
  await worker.close();
  await queue.close();
  conn.disconnect();
  await redis.stop();
});

test('an idle worker blocks up to 30 s, but never past the next delayed job', () => {
  assert.equal(IDLE_BLOCK_SEC, 30);
  const w = worker as unknown as { getBlockTimeout: (blockUntil: number) => number };
  assert.ok(Math.abs(w.getBlockTimeout(Date.now() + 25_000) - 25) < 0.5, 'up to the delayed job 25 s ahead (BullMQ alone: 10 s)');
  assert.equal(w.getBlockTimeout(Date.now() + 300_000), 30);
  assert.equal(w.getBlockTimeout(0), 30, 'no delayed job: the drain delay');
});

test('a job added while the worker blocks on an idle queue starts at once', async () => {
  // Let the worker reach its idle block first.
  await waitFor('the worker blocking on the marker', async () => ((await conn.client('LIST')) as string).includes('cmd=bzpopmin') || undefined);
  await queue.add('now', {});
  await waitFor('the job to run', () => done.includes('now') || undefined, 8_000);
});

test('a delayed job added while the worker blocks runs when due, not at the end of the block', async () => {
  await waitFor('the worker blocking on the marker', async () => ((await conn.client('LIST')) as string).includes('cmd=bzpopmin') || undefined);
  await queue.add('later', {}, { delay: 2_000 });
  await waitFor('the delayed job to run', () => done.includes('later') || undefined, 12_000);
});
