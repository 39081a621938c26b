import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { auditPath, ADMIN, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Item 4 of issue 9. "Minutes of simulated time": the outbox's call timeout and longest
// backoff are shortened through config (TELEGRAM_CALL_TIMEOUT_SEC, TELEGRAM_RETRY_MAX_SEC),
// so each phase of the outage costs seconds while going through the same code paths.
describe('fault: Telegram is unreachable, then answers 429, 502 and hangs, before it recovers', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { TELEGRAM_CALL_TIMEOUT_SEC: '1', TELEGRAM_RETRY_MAX_SEC: '1' } });
  });
  after(async () => {
    await s?.stop();
  });

  let seq = 0;
  const send = (text: string) => {
    seq += 1;
    return s.producer.enqueue(
      'notify.send',
      { chatId: ADMIN, kind: 'alert', text, createdAt: Date.now() },
      { requestId: `tg-out-${seq}`, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() },
      { jobId: `tg-out-${seq}` },
    );
  };
  const tries = (from: number, status: number | undefined) =>
    s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && String(c.text).startsWith('out-') && c.status === status).length;

  it('the queue holds through every kind of failure, then delivers in order and nothing twice', async () => {
    const from = s.fake.calls.length;
    const want: string[] = [];
    const queue = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const text = `out-${want.length}`;
        want.push(text);
        await send(text);
      }
    };
    const notify = s.producer.queue('notify');

    await s.fake.setMode({ kind: 'down' });
    await queue(3);
    await waitFor('the bot to notice Telegram is down', () => /Telegram unreachable; waiting to deliver in order/.test(s.botOutput()));
    assert.ok((await notify.getWaitingCount()) + (await notify.getActiveCount()) >= 3, 'the messages wait in Redis');

    await s.fake.setMode({ kind: 'error', status: 429, retryAfter: 1 });
    await queue(2);
    await waitFor('two 429 answers', () => tries(from, 429) >= 2);

    await s.fake.setMode({ kind: 'error', status: 502 });
    await queue(2);
    await waitFor('two 502 answers', () => tries(from, 502) >= 2);

    await s.fake.setMode({ kind: 'hang' });
    await queue(2);
    const hungFrom = s.fake.calls.length;
    await waitFor('two hanging sends (the first timed out)', () => s.fake.calls.slice(hungFrom).filter((c) => c.method === 'sendMessage').length >= 2, 15_000);

    await s.fake.setMode({ kind: 'up' });
    const delivered = () =>
      s.fake.calls
        .slice(from)
        .filter((c) => c.method === 'sendMessage' && c.status === 200 && String(c.text).startsWith('out-'))
        .map((c) => String(c.text));
    const got = await waitFor('every message', () => (delivered().length >= want.length ? delivered() : undefined), 30_000);
    assert.deepEqual(got, want, "in order, each once");
    assert.equal(await notify.getFailedCount(), 0, 'no message was given up');
    const note = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.status === 200 && String(c.text).startsWith('🟢 Aku online lagi'));
    assert.equal(note.params.chat_id === ADMIN || note.params.chat_id === 1002, true);
    // A later message is not stuck behind anything.
    await send('out-after');
    await waitFor('the later message', () => delivered().includes('out-after'));
    assert.equal(delivered().length, want.length + 1);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
