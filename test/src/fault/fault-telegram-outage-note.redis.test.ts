import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { ADMIN, ADMIN2, auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

const NOTE = /^🟢 Aku online lagi! Koneksi ke Telegram sempat putus (\d+) detik/;

// Item 3 of issue 21: the "online again" note after a Telegram outage. The outages here last
// seconds (TELEGRAM_OUTAGE_NOTE_SEC=1, call timeout 1 s), through the same code paths.
describe('fault: the note after a Telegram outage', { timeout: 150_000 }, () => {
  let s: FaultStack;
  let seq = 0;
  before(async () => {
    s = await startFaultStack({ env: { TELEGRAM_CALL_TIMEOUT_SEC: '1', TELEGRAM_RETRY_MAX_SEC: '1' } });
  });
  after(async () => {
    await s?.stop();
  });

  const send = (chatId: number, text: string) => {
    seq += 1;
    return s.producer.enqueue(
      'notify.send',
      { chatId, kind: 'alert', text, createdAt: Date.now() },
      { requestId: `on-${seq}`, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() },
      { jobId: `on-${seq}` },
    );
  };
  const sent = (from: number, chatId: number, match: (t: string) => boolean) =>
    s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.status === 200 && c.params.chat_id === chatId && match(String(c.text)));
  const notes = (from: number, chatId: number) => sent(from, chatId, (t) => NOTE.test(t));
  const onlineLogs = () => s.botOutput().split('\n').filter((l) => l.includes('Telegram is reachable again')).length;

  it('says how long the outage lasted, not the outage plus a long poll', async () => {
    const from = s.fake.calls.length;
    const began = Date.now();
    await s.fake.setMode({ kind: 'down' });
    await delay(3000); // the outage
    await s.fake.setMode({ kind: 'up' });
    const lasted = (Date.now() - began) / 1000;
    const [note] = await waitFor('the note', () => (notes(from, ADMIN).length ? notes(from, ADMIN) : undefined), 60_000);
    const said = Number(NOTE.exec(String(note!.text))![1]);
    // The bot polls again at most 3 s after an error (grammY); a long poll (30 s) is no outage.
    assert.ok(said <= lasted + 6, `the note says ${said} s for an outage of ${lasted.toFixed(1)} s`);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('a request that hung during the outage and fails after Telegram is back is no second outage', async () => {
    // Settle the previous outage first: two rounds of messages to both admins, so anything
    // it left (a note, a send on a connection cut by it) is out before this test counts.
    for (const round of ['a', 'b']) {
      const at = s.fake.calls.length;
      await send(ADMIN, `tenang-${round}`);
      await send(ADMIN2, `tenang-${round}`);
      await waitFor('the settling messages', () => sent(at, ADMIN, (t) => t === `tenang-${round}`).length === 1 && sent(at, ADMIN2, (t) => t === `tenang-${round}`).length === 1, 20_000);
    }
    const from = s.fake.calls.length;
    const logsBefore = onlineLogs();
    await s.fake.setMode({ kind: 'hang' });
    await send(ADMIN, 'alert saat hang');
    await waitFor('a poll and the message to hang', () => s.fake.calls.slice(from).some((c) => c.method === 'getUpdates') && /Telegram unreachable; waiting to deliver in order/.test(s.botOutput().slice(-20_000)), 20_000);
    await delay(1500); // the outage
    await s.fake.setMode({ kind: 'up' }, { keepHanging: true });
    await waitFor('the message and the note', () => sent(from, ADMIN, (t) => t === 'alert saat hang').length === 1 && notes(from, ADMIN).length === 1, 20_000);
    // The poll sent during the outage fails only now.
    assert.ok(s.fake.hangingCount >= 1, 'a poll still hangs');
    const cut = s.fake.calls.length;
    s.fake.dropHanging();
    s.fake.type(ADMIN, '/help');
    await waitFor('the bot to poll again and answer', () => s.fake.calls.slice(cut).some((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200), 30_000);
    await send(ADMIN, 'penanda');
    await send(ADMIN2, 'penanda');
    await waitFor('the markers', () => sent(cut, ADMIN, (t) => t === 'penanda').length === 1 && sent(cut, ADMIN2, (t) => t === 'penanda').length === 1, 20_000);
    assert.equal(onlineLogs() - logsBefore, 1, 'one "reachable again" for one outage');
    assert.equal(notes(from, ADMIN).length, 1, `one note: ${JSON.stringify(notes(from, ADMIN).map((c) => [c.text, c.at]))} ${s.botOutput().split('\n').filter((l) => /reachable|unreachable/.test(l)).join('\n')}`);
    assert.equal(notes(from, ADMIN2).length, 1, 'one note');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('waiting out a long outage does not pile up listeners (no MaxListenersExceededWarning)', async () => {
    const from = s.fake.calls.length;
    await s.fake.setMode({ kind: 'down' });
    await send(ADMIN, 'alert saat lama putus');
    await waitFor('twenty failed tries', () => /"attempt":20\b/.test(s.botOutput()), 60_000);
    await s.fake.setMode({ kind: 'up' });
    await waitFor('the message', () => sent(from, ADMIN, (t) => t === 'alert saat lama putus').length === 1, 20_000);
    assert.doesNotMatch(s.botOutput(), /MaxListenersExceededWarning/);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
