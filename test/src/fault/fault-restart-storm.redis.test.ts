import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 5 of issue 9, second part: twenty restarts in a row (a crash loop, or twenty reboots).
describe('fault: the worker and the bot are restarted twenty times in a row', { timeout: 90_000 }, () => {
  let s: FaultStack;
  before(async () => {
    // Short sample interval so the schedulers produce jobs while the processes come and go.
    s = await startFaultStack({ env: { SAMPLE_INTERVAL_SEC: '1' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('leaves exactly one job scheduler per schedule and at most one pending job each', async () => {
    for (let i = 0; i < 20; i++) {
      // Alternate a clean stop with kill -9: both happen to a home server.
      if (i % 2 === 0) await s.kill9(s.worker());
      else await s.worker()?.stop();
      await s.kill9(s.bot());
      await Promise.all([s.startWorker(), s.startBot()]);
    }
    const read = s.producer.queue('read');
    const schedulers = await read.getJobSchedulers();
    const ids = schedulers.map((j) => j.key).sort();
    assert.deepEqual(ids, [...new Set(ids)], 'no duplicate scheduler');
    assert.ok(ids.includes('health.sample') && ids.includes('health.heartbeat'), ids.join(','));
    for (const kind of ['read', 'once', 'backup'] as const) {
      const q = s.producer.queue(kind);
      const all = await q.getJobSchedulers();
      const pending = await q.getJobs(['waiting', 'delayed', 'prioritized']);
      for (const sched of all) {
        const mine = pending.filter((j) => j.repeatJobKey === sched.key || j.id?.startsWith(`repeat:${sched.key}:`));
        assert.ok(mine.length <= 1, `${kind}/${sched.key}: ${mine.length} pending jobs`);
      }
    }
    assert.equal(s.worker()?.child.exitCode, null, 'the worker runs');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
