import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { ADMIN, auditPath, jsonLines, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 1 of issue 9, with the real worker and bot processes (the BullMQ-level version with a
// fixture processor is worker-crash.redis.test.ts). The backup part waits for the backup issue.
describe('fault: the worker process is killed with kill -9 in the middle of a job', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('an idempotent job (/services) runs again on the new worker and the user gets one answer', async () => {
    s.standins.delay('systemctl', 6);
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/services');
    const messageId = await s.pendingAfter(ADMIN, from);
    await waitFor('the worker to be inside systemctl', () => s.standins.calls('systemctl').length > 0);
    await s.kill9(s.worker());
    s.standins.delay('systemctl', undefined);
    await s.startWorker();
    const edit = await s.finalEdit(ADMIN, messageId, 20_000);
    assert.match(String(edit.text), /n8n\.service: active/);
    // Another request through the same path: when its answer is there, nothing more is on the way.
    const again = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= again && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    const edits = s.fake.calls.filter((c) => c.method === 'editMessageText' && c.params.message_id === messageId && c.status === 200);
    assert.equal(edits.length, 1, 'one final answer, not two');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('a must-not-repeat job (restart) is reported as interrupted and systemctl restart is never run again', async () => {
    s.standins.delay('systemctl', 6);
    const from = s.fake.calls.length;
    const restartsBefore = s.standins.calls('sudo').filter((c) => c.includes('restart')).length;
    const id = await s.producer.enqueue('service.restart', { unit: 'n8n.service' }, s.meta('kill9-once'), { authorizedAt: Date.now() });
    await waitFor('the restart to reach sudo systemctl', () => s.standins.calls('sudo').filter((c) => c.includes('restart')).length > restartsBefore);
    await s.kill9(s.worker());
    s.standins.delay('systemctl', undefined);
    await s.startWorker();
    const notice = await s.fake.waitForCall(
      (c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && /terputus/.test(String(c.text)),
      20_000,
      'the interrupted notice',
    );
    assert.match(String(notice.text), /systemctl status n8n\.service/);
    assert.equal(await s.producer.queue('once').getJobState(id), 'failed');
    // A later restart runs and finishes: the new worker polls this queue, and the old job stays dead.
    const next = await s.producer.enqueue('service.restart', { unit: 'cloudflared.service' }, s.meta('kill9-once-2'), { authorizedAt: Date.now() });
    await waitFor('the next restart to finish', async () => (await s.producer.queue('once').getJobState(next)) === 'completed', 15_000);
    const restarts = s.standins.calls('sudo').filter((c) => c.includes('restart -- n8n.service'));
    assert.equal(restarts.length - restartsBefore, 1, 'the interrupted restart ran once');
    const audit = jsonLines(auditPath(s.config)).filter((l) => l.requestId === 'kill9-once');
    assert.deepEqual(audit.map((l) => l.outcome), ['started', 'interrupted']);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
