import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jobs, texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { auditPath, ADMIN, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 5 of issue 9, first part: Telegram delivers an update again when the bot dies before
// it confirmed the offset. (The same update twice in one batch is in bot-menu.redis.test.ts.)
describe('fault: a Telegram update is delivered again to a bot restarted after kill -9', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack();
  });
  after(async () => {
    await s?.stop();
  });

  const servicesJobs = async () => (await s.producer.queue('read').getJobs(['completed', 'waiting', 'active', 'failed', 'delayed'])).filter((j) => j.name === 'service.list');
  /** A later press is answered: by then the redelivered update was handled (or ignored). */
  const barrier = async () => {
    const later = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= later && c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200);
  };
  const redeliver = (updateId: number) => {
    const update = s.fake.update(updateId);
    assert.ok(update);
    s.fake.injectMany([update]);
  };

  it('after the job was queued: no second pending message, no second job, one answer', async () => {
    s.standins.delay('systemctl', 2);
    const from = s.fake.calls.length;
    const updateId = s.fake.type(ADMIN, '/services');
    const messageId = await s.pendingAfter(ADMIN, from);
    await waitFor('the job to be queued', async () => (await servicesJobs()).some((j) => j.id === `tg-${updateId}`));
    await s.kill9(s.bot());
    redeliver(updateId);
    await s.startBot();
    s.standins.delay('systemctl', undefined);
    await s.finalEdit(ADMIN, messageId, 20_000);
    await barrier();
    const pendings = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING);
    assert.equal(pendings.length, 1, 'one pending message');
    assert.deepEqual((await servicesJobs()).filter((j) => j.id === `tg-${updateId}`).length, 1, 'one job');
    assert.equal((await servicesJobs()).length, 1);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  // With updates handled concurrently, the runner confirms a batch to Telegram before it is
  // handled, so Telegram does not deliver it again: the bot's inbox in Redis keeps it.
  it('killed while handling a press (Telegram hanging on the answer to the button): the restarted bot handles it from its inbox, one job, one answer', async () => {
    const from = s.fake.calls.length;
    // Updates still arrive; the answer to the button press hangs.
    await s.fake.setMode({ kind: 'hang', except: ['getUpdates'] });
    const updateId = s.fake.press(ADMIN, 1, 'bk:list');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'answerCallbackQuery', 10_000, 'the answer to the press to hang');
    await s.kill9(s.bot());
    await s.fake.setMode({ kind: 'up' });
    await s.startBot();
    const messageId = await s.pendingAfter(ADMIN, from, 20_000);
    await s.finalEdit(ADMIN, messageId, 20_000);
    await barrier();
    const job = await s.producer.queue(jobs['backup.list'].queue).getJob(`tg-${updateId}`);
    assert.ok(job, 'the job of the press');
    const pendings = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING && c.status === 200);
    assert.equal(pendings.length, 1, 'one pending message');
    assert.match(s.botOutput(), /handling updates a previous bot took from Telegram but did not finish/);
    assert.match(s.botOutput(), /a previous bot stopped while handling this update; handling it again/);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
