import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { auditPath, ADMIN, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 3 of issue 9: kill -9 of the bot (which delivers the outbox) with notify jobs pending.
describe('fault: the bot is killed with kill -9 while messages wait in the outbox', { timeout: 60_000 }, () => {
  let s: FaultStack;
  let seq = 0;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  const send = (text: string) => {
    seq += 1;
    return s.producer.enqueue(
      'notify.send',
      { chatId: ADMIN, kind: 'alert', text, createdAt: Date.now() },
      { requestId: `bot-kill-${seq}`, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() },
      { jobId: `bot-kill-${seq}` },
    );
  };
  const delivered = (from: number, prefix: string) =>
    s.fake.calls
      .slice(from)
      .filter((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200 && String(c.text).startsWith(prefix))
      .map((c) => String(c.text));

  it('messages queued while the bot is dead are delivered once each, in order, after it is back', async () => {
    const from = s.fake.calls.length;
    await s.kill9(s.bot());
    const want = Array.from({ length: 10 }, (_, i) => `dead-${i}`);
    for (const t of want) await send(t);
    await s.startBot();
    const got = await waitFor('all ten messages', () => (delivered(from, 'dead-').length >= want.length ? delivered(from, 'dead-') : undefined), 20_000);
    assert.deepEqual(got, want);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('a send cut by kill -9 while Telegram hangs is retried by the new bot; the rest follow in order, once each', async () => {
    const from = s.fake.calls.length;
    await s.fake.setMode({ kind: 'hang' });
    const want = Array.from({ length: 5 }, (_, i) => `hang-${i}`);
    for (const t of want) await send(t);
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === 'hang-0', 10_000, 'the first send to hang');
    await s.kill9(s.bot());
    await s.fake.setMode({ kind: 'up' });
    await s.startBot();
    const got = await waitFor('all five messages', () => (delivered(from, 'hang-').length >= want.length ? delivered(from, 'hang-') : undefined), 30_000);
    assert.deepEqual(got, want);
    // Nothing trails behind: a later message arrives, and still no duplicates.
    await send('hang-after');
    await waitFor('the later message', () => delivered(from, 'hang-after').length === 1);
    assert.deepEqual(delivered(from, 'hang-').slice(0, 5), want);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
