import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keys, queueName } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { auditPath, jsonLines, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 5 of issue 21: a job put into Redis by hand whose data is not JSON
// (`redis-cli hset potion:once@home:ID data 'not json'` and pushed to wait).
describe('fault: a hand-made job whose data is not JSON', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('is failed as unrecoverable, audited, not retried, nobody told, and the queue goes on (also after a restart)', async () => {
    const queue = queueName('once', s.config.hostId);
    const jobId = 'handmade-not-json';
    const key = keys.bullmq(queue, jobId);
    const sentBefore = s.fake.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').length;
    await s.conn.hset(key, { name: 'service.restart', data: 'not json', opts: '{"attempts":1}', timestamp: String(Date.now()), delay: '0', priority: '0' });
    await s.conn.lpush(keys.bullmq(queue, 'wait'), jobId);
    // Wakes a worker blocked on the queue's marker, as BullMQ's own add does.
    await s.conn.zadd(keys.bullmq(queue, 'marker'), 0, '0');

    const state = await waitFor('the hand-made job to be failed', async () => ((await s.producer.queue('once').getJobState(jobId)) === 'failed' ? 'failed' : undefined), 20_000);
    assert.equal(state, 'failed');
    const reason = await s.conn.hget(key, 'failedReason');
    assert.match(String(reason), /not JSON/);
    assert.equal(await s.conn.hget(key, 'atm'), '1', 'one attempt, not retried');
    const audit = jsonLines(auditPath(s.config)).filter((l) => l.requestId === `job-${queue}.${jobId}`);
    assert.deepEqual(
      audit.map((l) => [l.action, l.outcome, l.who]),
      [['service.restart', 'refused', 'unknown']],
    );
    assert.match(String(audit[0]?.error), /not JSON/);
    assert.equal(s.standins.calls('sudo').filter((c) => c.includes('restart')).length, 0, 'nothing ran');

    // The queue still works, and a new worker starts with the bad job in its failed list.
    await s.kill9(s.worker());
    await s.startWorker();
    const next = await s.producer.enqueue('service.restart', { unit: 'cloudflared.service' }, s.meta('after-not-json'), { authorizedAt: Date.now() });
    await waitFor('the next restart to finish', async () => (await s.producer.queue('once').getJobState(next)) === 'completed', 15_000);
    // Its answer goes through the outbox and the bot after the job completes: waited for.
    await s.fake.waitForCall((c) => c.status === 200 && /cloudflared/.test(String(c.text ?? '')), 15_000, 'the answer to the next restart');
    const told = s.fake.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
    assert.equal(told.filter((c) => !/cloudflared/.test(String(c.text))).length, sentBefore, 'nobody is told of the hand-made job');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
