import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { auditPath, ADMIN, ADMIN2, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 2 of issue 9: kill -9 of redis-server (AOF everysec) with jobs waiting and active.
describe('fault: Redis is killed with kill -9 while jobs wait and run, then comes back', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000', BOT_FLOOD_BURST: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('every press the user saw acknowledged completes, and bot and worker reconnect without a restart', async () => {
    const botPid = s.bot()?.child.pid;
    const workerPid = s.worker()?.child.pid;
    // One job runs (systemctl is slow), the others wait behind it in the read queue (concurrency limits).
    s.standins.delay('systemctl', 2);
    const from = s.fake.calls.length;
    const presses = 6;
    for (let i = 0; i < presses; i++) s.fake.type(i % 2 ? ADMIN : ADMIN2, '/services');
    const pending = await waitFor('every press to be acknowledged', () => {
      const acks = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING && c.status === 200);
      return acks.length === presses ? acks : undefined;
    });
    const counts = await waitFor('jobs both running and waiting', async () => {
      const c = await s.producer.queue('read').getJobCounts('waiting', 'active');
      return (c.active ?? 0) >= 1 && (c.waiting ?? 0) >= 1 ? c : undefined;
    });
    assert.ok((counts.active ?? 0) + (counts.waiting ?? 0) >= presses);
    await s.killRedis();
    s.standins.delay('systemctl', undefined);
    await s.restartRedis();

    for (const ack of pending) {
      const chat = Number(ack.params.chat_id);
      const messageId = (ack.result as { message_id: number }).message_id;
      const edit = await s.finalEdit(chat, messageId, 30_000);
      assert.match(String(edit.text), /n8n\.service: active/, `message ${messageId}`);
    }
    // The same processes, no restart: and they still work after the reconnect.
    assert.equal(s.bot()?.child.pid, botPid);
    assert.equal(s.worker()?.child.pid, workerPid);
    assert.equal(s.bot()?.child.exitCode, null);
    assert.equal(s.worker()?.child.exitCode, null);
    const later = s.fake.calls.length;
    s.fake.type(ADMIN, '/services');
    const messageId = await s.pendingAfter(ADMIN, later);
    await s.finalEdit(ADMIN, messageId);
    for (const ack of pending) {
      const messageId = (ack.result as { message_id: number }).message_id;
      const finals = s.fake.calls.filter((c) => c.method === 'editMessageText' && c.params.message_id === messageId && c.text !== texts.PROCESSING && c.status === 200);
      assert.equal(finals.length, 1, `one answer for message ${messageId}`);
    }
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
