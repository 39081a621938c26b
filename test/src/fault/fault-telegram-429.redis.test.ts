import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { ADMIN, ADMIN2, auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest, finalAuditLines, pendingMessages } from '../harness/one-outcome.js';

// Items 15, 16 and 17 of issue 21: Telegram rate-limits one chat (429 with retry_after on
// every call to it) while admins press buttons and alerts go out.
describe('fault: Telegram rate-limits one chat (429)', { timeout: 90_000 }, () => {
  let s: FaultStack;
  let seq = 0;
  before(async () => {
    s = await startFaultStack({ env: { TELEGRAM_RETRY_MAX_SEC: '1' } });
  });
  after(async () => {
    await s?.stop();
  });

  const alert = (chatId: number, text: string) => {
    seq += 1;
    return s.producer.enqueue(
      'notify.send',
      { chatId, kind: 'alert', text, createdAt: Date.now() },
      { requestId: `rl-${seq}`, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() },
      { jobId: `rl-${seq}` },
    );
  };
  const limitedAnswers = (from: number, chatId: number) => s.fake.calls.slice(from).filter((c) => c.params.chat_id === chatId && c.status === 429).length;
  const delivered = (from: number, chatId: number, text: string) =>
    s.fake.calls.slice(from).some((c) => c.method === 'sendMessage' && c.params.chat_id === chatId && c.text === text && c.status === 200);
  /** Every press of `updateIds` got one job, one final audit line and one final chat message. */
  const assertOneOutcomeEach = async (chatId: number, updateIds: number[]) => {
    const read = s.producer.queue('read');
    for (const id of updateIds) {
      assert.ok(await read.getJob(`tg-${id}`), `press u${id} has its job`);
      assert.equal(finalAuditLines(auditPath(s.config), `u${id}`).length, 1, `press u${id}: one final line in actions.log`);
    }
    const pendings = pendingMessages(s.fake, chatId);
    assert.equal(pendings.length, updateIds.length, 'one pending message per press');
    for (const p of pendings) assert.equal(p.finals.length, 1, `pending message ${p.messageId} told once: ${p.finals.join(' | ')}`);
  };

  it('item 15: every accepted press gets its job and its answer, however long the limit lasts', async () => {
    const from = s.fake.calls.length;
    s.fake.limitChat(ADMIN, 1);
    const ids = [s.fake.type(ADMIN, '/services'), s.fake.type(ADMIN, '/services'), s.fake.type(ADMIN, '/services')];
    // More 429s than grammY's auto-retry takes for one call (it gives up after the third).
    await waitFor('several 429 answers to the limited chat', () => limitedAnswers(from, ADMIN) >= 5, 30_000);
    s.fake.unlimitChat(ADMIN);
    await waitFor(
      'an answer to every press',
      () => pendingMessages(s.fake, ADMIN).filter((p) => p.finals.length > 0).length >= ids.length,
      30_000,
    );
    await assertOneOutcomeEach(ADMIN, ids);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('item 16: a chat that is not limited gets its alerts and answers while another chat is limited', async () => {
    const from = s.fake.calls.length;
    s.fake.limitChat(ADMIN, 1);
    await alert(ADMIN, 'alert untuk chat yang dibatasi');
    await waitFor('the limited chat to be refused', () => limitedAnswers(from, ADMIN) >= 1);
    await alert(ADMIN2, 'alert untuk chat lain');
    const id = s.fake.type(ADMIN2, '/services');
    await waitFor('the other chat to get its alert', () => delivered(from, ADMIN2, 'alert untuk chat lain'), 20_000);
    const answered = await waitFor('the other chat to get its answer', () => pendingMessages(s.fake, ADMIN2).find((p) => p.finals.length > 0), 20_000);
    assert.match(answered.finals[0]!, /n8n\.service: active/);
    assert.ok(!delivered(from, ADMIN, 'alert untuk chat yang dibatasi'), 'the limited chat was still limited meanwhile');
    s.fake.unlimitChat(ADMIN);
    await waitFor('the limited chat to get its alert afterwards', () => delivered(from, ADMIN, 'alert untuk chat yang dibatasi'), 20_000);
    await assertOneOutcomeEach(ADMIN2, [id]);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('item 17: a rate limit is not reported as a lost connection', async () => {
    const from = s.fake.calls.length;
    s.fake.limitChat(ADMIN, 1);
    await alert(ADMIN, 'alert saat dibatasi');
    await waitFor('a few 429 answers', () => limitedAnswers(from, ADMIN) >= 3, 20_000);
    s.fake.unlimitChat(ADMIN);
    await waitFor('the alert', () => delivered(from, ADMIN, 'alert saat dibatasi'), 20_000);
    // A later message to each admin: a note queued when the limit ended would be before it.
    await alert(ADMIN, 'penanda 1');
    await alert(ADMIN2, 'penanda 2');
    await waitFor('the markers', () => delivered(from, ADMIN, 'penanda 1') && delivered(from, ADMIN2, 'penanda 2'), 20_000);
    const notes = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && /online lagi|sempat putus/.test(String(c.text)));
    assert.deepEqual(notes.map((c) => c.text), [], 'no "online again" note for a rate limit');
    assert.doesNotMatch(s.botOutput(), /Telegram is reachable again/);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('item 16: an answer waiting out a long rate limit in one chat does not hold up the updates of another chat', async () => {
    const from = s.fake.calls.length;
    // The menu answer to /start is sent directly; grammY's auto-retry waits out retry_after (20 s).
    s.fake.limitChat(ADMIN, 20);
    s.fake.type(ADMIN, '/start');
    await waitFor('the menu answer to be rate-limited', () => limitedAnswers(from, ADMIN) >= 1);
    const earlier = pendingMessages(s.fake, ADMIN2).length;
    const id = s.fake.type(ADMIN2, '/services');
    const answered = await waitFor('the other chat to get its answer', () => pendingMessages(s.fake, ADMIN2).slice(earlier).find((p) => p.finals.length > 0), 15_000);
    assert.match(answered.finals[0]!, /n8n\.service: active/);
    assert.equal(finalAuditLines(auditPath(s.config), `u${id}`).length, 1);
    assert.equal(limitedAnswers(from, ADMIN), 1, 'the first chat is still waiting out its limit');
    s.fake.unlimitChat(ADMIN);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

});
