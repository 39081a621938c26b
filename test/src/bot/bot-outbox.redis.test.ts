import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { keys, openQueue, queueName, texts, type OutboxMessage } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import type { Queue } from 'bullmq';
import { ADMIN, ADMIN2, startBotStack, type BotStack } from '../harness/bot-stack.js';

describe('the outbox: ordered, once-only delivery that waits out Telegram outages', () => {
  let s: BotStack;
  let notify: Queue;
  let seq = 0;

  let startedAt = 0;
  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_REFILL_PER_MIN: '1' } });
    startedAt = Date.now();
    notify = openQueue(queueName('notify', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await notify?.close();
    await s?.stop();
  });

  /** Puts a message into the outbox as the worker would; returns the notify job id. */
  async function send(msg: Partial<OutboxMessage> & { text: string }): Promise<string> {
    seq += 1;
    return s.producer.enqueue(
      'notify.send',
      { chatId: ADMIN, kind: 'alert', createdAt: Date.now(), ...msg },
      { requestId: `t${seq}`, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() },
      { jobId: `test-${seq}` },
    );
  }

  async function finished(jobId: string): Promise<{ messageId: number | null; skipped?: string }> {
    return waitFor(`notify job ${jobId} to finish`, async () => {
      const job = await notify.getJob(jobId);
      return job?.finishedOn ? (job.returnvalue as { messageId: number | null; skipped?: string }) : undefined;
    });
  }

  const sentTexts = (from: number) =>
    s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200).map((c) => String(c.text));

  test('results and alerts produced while Telegram is down arrive after it is back, in order, once each, then one online-again note', async () => {
    const from = s.fake.calls.length;
    await s.fake.setMode({ kind: 'down' });
    await send({ text: 'alert 1' });
    await send({ text: 'alert 2' });
    await send({ text: 'alert 3' });
    // A real job finishing meanwhile: its result joins the outbox behind the alerts.
    const listJob = await s.producer.enqueue('service.list', {}, { requestId: 'outage-list', by: { kind: 'telegram', userId: ADMIN }, chatId: ADMIN, enqueuedAt: Date.now() });
    await waitFor('the worker result in the outbox', async () => (await notify.getJob(`res.read@${s.config.hostId}.${listJob}`)) ?? undefined);
    await send({ text: 'alert 4' });
    await send({ text: 'alert 5' });
    await waitFor('the outbox to be waiting on Telegram', async () => (await notify.getActiveCount()) >= 1);
    await delay(1500); // the outage itself: longer than TELEGRAM_OUTAGE_NOTE_SEC
    await s.fake.setMode({ kind: 'up' });

    const got = await waitFor('all messages and the note', () => {
      const t = sentTexts(from);
      return t.some((x) => x.startsWith('🟢 Aku online lagi')) && t.length >= 7 ? t : undefined;
    }, 20_000);
    assert.equal(got.length, 7, got.join(' | '));
    assert.deepEqual(got.slice(0, 3), ['alert 1', 'alert 2', 'alert 3']);
    assert.match(got[3]!, /Service yang dipantau/);
    assert.deepEqual(got.slice(4, 6), ['alert 4', 'alert 5']);
    assert.match(got[6]!, /^🟢 Aku online lagi! Koneksi ke Telegram sempat putus \d+ detik/);
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN2 && c.status === 200);
    const noteTo = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && String(c.text).startsWith('🟢') && c.status === 200).map((c) => c.params.chat_id);
    assert.deepEqual(noteTo.sort(), [ADMIN, ADMIN2].sort(), 'one note per admin');
  });

  test('a delivered job is recorded in Redis with the message id, so it is never sent twice', async () => {
    const id = await send({ text: 'catat aku' });
    const r = await finished(id);
    assert.ok(r.messageId);
    const rec = await s.conn.hgetall(keys.sent(id));
    assert.equal(rec['0'], String(r.messageId));
    assert.ok(rec.done);
  });

  test('an outbox job that runs again after it was delivered (crash before completion) sends nothing', async () => {
    const from = s.fake.calls.length;
    const jobId = `test-${seq + 1}`;
    await s.conn.hset(keys.sent(jobId), { '0': '4242', done: String(Date.now()) });
    const id = await send({ text: 'sudah pernah terkirim' });
    assert.equal(id, jobId);
    const r = await finished(id);
    assert.deepEqual(r, { messageId: 4242, skipped: 'already sent' });
    assert.equal(s.fake.calls.slice(from).filter((c) => c.text === 'sudah pernah terkirim').length, 0);
  });

  test('a 429 with retry_after is waited out and the message is delivered once', async () => {
    const from = s.fake.calls.length;
    s.fake.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1, 1);
    const id = await send({ text: 'setelah 429' });
    await finished(id);
    const tries = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === 'setelah 429');
    assert.deepEqual(tries.map((c) => c.status), [429, 200]);
  });

  test('a Telegram that hangs and then recovers gets the message once', async () => {
    const from = s.fake.calls.length;
    await s.fake.setMode({ kind: 'hang' });
    const id = await send({ text: 'setelah hang' });
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === 'setelah hang');
    await s.fake.setMode({ kind: 'up' });
    await finished(id);
    const delivered = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === 'setelah hang' && c.status === 200);
    assert.equal(delivered.length, 1);
  });

  test('a result longer than Telegram allows is split at line ends, nothing lost', async () => {
    const from = s.fake.calls.length;
    const text = Array.from({ length: 220 }, (_, i) => `baris log nomor ${i}: semuanya baik-baik saja`).join('\n');
    assert.ok(text.length > 4096 * 2);
    await finished(await send({ text, kind: 'result' }));
    const parts = sentTexts(from);
    assert.equal(parts.length, 3);
    assert.ok(parts.every((p) => p.length <= 4096));
    assert.equal(parts.join('\n'), text);
  });

  test('a very long result is sent as a file with a preview, never cut silently', async () => {
    const from = s.fake.calls.length;
    const text = Array.from({ length: 2000 }, (_, i) => `journal line ${i} ${'x'.repeat(20)}`).join('\n');
    await finished(await send({ text, kind: 'result' }));
    const [head] = sentTexts(from);
    assert.match(head!, /Hasilnya panjang \(\d+ karakter\), jadi aku kirim sebagai file/);
    const doc = s.fake.calls.slice(from).find((c) => c.method === 'sendDocument');
    assert.equal((doc?.params.document as { content: string }).content, text);
  });

  test('a file under LOG_DIR is attached; a path outside is refused', async () => {
    const inside = join(s.config.logDir, 'sample.log');
    writeFileSync(inside, 'isi log\n');
    const from = s.fake.calls.length;
    await finished(await send({ text: 'ini lognya', document: { path: inside, filename: 'sample.log' } }));
    await finished(await send({ text: 'coba curang', document: { path: '/etc/passwd', filename: 'passwd' } }));
    const docs = s.fake.calls.slice(from).filter((c) => c.method === 'sendDocument');
    assert.deepEqual(docs.map((d) => (d.params.document as { file_name: string }).file_name), ['sample.log']);
  });

  test('stale or superseded progress edits are dropped', async () => {
    const target = await finished(await send({ text: 'pesan pending' }));
    const messageId = target.messageId!;
    const stale = await finished(await send({ text: 'progress lama', kind: 'progress', editMessageId: messageId, createdAt: Date.now() - 60_000 }));
    assert.equal(stale.skipped, 'stale progress');
    await finished(await send({ text: 'hasil akhir', kind: 'result', editMessageId: messageId }));
    const late = await finished(await send({ text: 'progress telat', kind: 'progress', editMessageId: messageId }));
    assert.equal(late.skipped, 'superseded progress');
    assert.deepEqual(s.fake.messages.get(messageId)?.history, ['pesan pending', 'hasil akhir']);
  });

  test('a user pressing too fast is asked once to slow down and the extra presses are dropped', async () => {
    const from = s.fake.calls.length;
    const ids = Array.from({ length: 12 }, () => s.fake.type(ADMIN2, '📊 Status'));
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    // Chats are handled concurrently and the pending messages go through the outbox: wait
    // until every press was handled and the outbox is empty.
    await waitFor('every press to be handled', async () => (await Promise.all(ids.map((id) => s.conn.get(keys.update(id))))).every((v) => v === 'done'));
    await waitFor('the pending messages', async () => (await notify.getWaitingCount()) + (await notify.getActiveCount()) === 0);
    const toUser = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN2).map((c) => String(c.text));
    assert.equal(toUser.filter((t) => t === texts.PROCESSING).length, s.config.botFloodBurst);
    assert.equal(toUser.filter((t) => t.startsWith('Pelan-pelan')).length, 1);
  });

  // A newcomer with the same token stops instead (fault-two-bots.redis.test.ts).
  test('a 409 from another poller makes the bot that holds the chat wait and poll again, not exit', async () => {
    // A bot counts as holding the chat after 10 s of polling (apps/bot/src/conflict.ts).
    await delay(Math.max(0, startedAt + 10_500 - Date.now()));
    const from = s.fake.calls.length;
    s.fake.conflictOnNextPoll();
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'getUpdates' && c.status !== 409, 15_000, 'the bot to poll again').catch((err: Error) => {
      throw new Error(`${err.message}; calls: ${JSON.stringify(s.fake.calls.slice(from).map((c) => [c.method, c.status]))}; bot: ${s.bot.output().slice(-3000)}`);
    });
    assert.equal(s.bot.child.exitCode, null, 'the bot still runs');
    assert.match(s.bot.output(), /another bot polled Telegram with this BOT_TOKEN; this bot keeps the chat and polls again/);
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) > from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200, 10_000, 'an answer');
  });
});
