import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { ADMIN, ADMIN2, auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest, finalAuditLines, pendingMessages } from '../harness/one-outcome.js';

const SLOW_DOWN = /^Pelan-pelan ya/;

// Item 18 of issue 21: the flood gate (BOT_FLOOD_BURST 8, refilled at 2 presses a second).
describe('fault: a user presses faster than the flood gate allows', { timeout: 120_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack();
  });
  after(async () => {
    await s?.stop();
  });

  const slowDowns = (from: number, chatId: number) =>
    s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.params.chat_id === chatId && SLOW_DOWN.test(String(c.text)) && c.status === 200);
  /** Each pending message in the chat is answered exactly once, each press with a job has one final audit line. */
  const assertOneOutcomeEach = async (chatId: number, updateIds: number[]) => {
    const read = s.producer.queue('read');
    const accepted: number[] = [];
    for (const id of updateIds) if (await read.getJob(`tg-${id}`)) accepted.push(id);
    await waitFor('an answer to every accepted press', () => pendingMessages(s.fake, chatId).every((p) => p.finals.length > 0), 30_000);
    const pendings = pendingMessages(s.fake, chatId);
    assert.equal(pendings.length, accepted.length, 'one pending message per accepted press');
    for (const p of pendings) assert.equal(p.finals.length, 1, `message ${p.messageId} told once`);
    for (const id of accepted) assert.equal(finalAuditLines(auditPath(s.config), `u${id}`).length, 1, `u${id}: one final line`);
    return accepted.length;
  };

  it('40 presses at 4 a second: one "slow down" for the burst, not one per refused press', async () => {
    const from = s.fake.calls.length;
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push(s.fake.type(ADMIN, '/services'));
      await delay(250); // the user's pace
    }
    const accepted = await waitFor('every accepted press to have its job', async () => {
      const read = s.producer.queue('read');
      const jobs = await Promise.all(ids.map((id) => read.getJob(`tg-${id}`)));
      const n = jobs.filter(Boolean).length;
      return pendingMessages(s.fake, ADMIN).length === n && n > 0 ? n : undefined;
    }, 30_000);
    assert.ok(accepted < 40, `${accepted} accepted: the gate refused some`);
    assert.equal(slowDowns(from, ADMIN).length, 1, 'one "slow down" for one burst');
    assert.equal(await assertOneOutcomeEach(ADMIN, ids), accepted);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('presses made at an allowed pace during an outage are all accepted when they arrive together', async () => {
    const from = s.fake.calls.length;
    await s.fake.setMode({ kind: 'down' });
    // One press every 2 seconds (the gate allows 2 a second) while the bot cannot poll.
    const start = Date.now() - 24_000;
    const updates = Array.from({ length: 12 }, (_, i) => s.fake.typedUpdate(ADMIN2, '/services', start + i * 2000));
    const ids = s.fake.injectMany(updates);
    await s.fake.setMode({ kind: 'up' });
    await waitFor('a pending message for every press', () => pendingMessages(s.fake, ADMIN2).length >= ids.length || slowDowns(from, ADMIN2).length > 0, 30_000);
    assert.equal(slowDowns(from, ADMIN2).length, 0, 'no "slow down"');
    assert.equal(await assertOneOutcomeEach(ADMIN2, ids), ids.length, 'every press accepted');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
