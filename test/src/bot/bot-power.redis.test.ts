import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openQueue, queueName, texts, BULLMQ_PREFIX } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { Queue } from 'bullmq';
import { ADMIN, ADMIN2, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

describe('reboot and shutdown from the bot, end to end (real bot, worker and Redis; fake Telegram; stand-in systemctl)', () => {
  let s: BotStack;
  let onceQueue: Queue;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', POWER_ANNOUNCE_WAIT_SEC: '5' } });
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await s?.stop();
  });

  const powerJobs = async () => (await onceQueue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) => j.name.startsWith('host.'));

  /** Sends /help as this user and waits for its answer: every earlier update was handled. */
  async function barrier(userId: number): Promise<void> {
    const from = s.fake.calls.length;
    s.fake.type(userId, '/help');
    await s.sentAfter(userId, from, (t) => t.startsWith('Yang bisa aku bantu'));
  }

  test('a viewer is refused /reboot and both power buttons with their id, audited, and nothing happens', async () => {
    let from = s.fake.calls.length;
    s.fake.type(VIEWER, '/reboot');
    assert.equal((await s.sentAfter(VIEWER, from)).call.text, texts.notAllowed(VIEWER));
    for (const data of ['pw:reboot', 'pw:off']) {
      from = s.fake.calls.length;
      s.fake.press(VIEWER, 1, data);
      assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER), data);
    }
    await barrier(VIEWER);
    const refused = s.audit().filter((e) => e.who === `tg:${VIEWER}` && e.outcome === 'refused').map((e) => e.action);
    assert.ok(refused.includes('command:reboot'));
    assert.ok(refused.includes('button:pw:reboot'));
    assert.ok(refused.includes('button:pw:off'));
    assert.deepEqual(s.standins.powerCalls(), []);
    assert.equal((await powerJobs()).length, 0);
  });

  test('/reboot asks for confirmation; ✅ enqueues exactly one host.reboot, announces it, reboots once and edits the same message', async () => {
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '/reboot');
    const { messageId } = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('me-reboot server')));
    await barrier(ADMIN);
    assert.deepEqual(s.standins.powerCalls(), [], 'nothing before the confirmation');
    assert.equal((await powerJobs()).length, 0);

    const yes = s.fake.buttons(messageId).find((b) => b.text.includes('✅'));
    assert.ok(yes);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, yes.data);
    const pending = await s.pendingAfter(ADMIN, from);
    assert.equal(pending.messageId, messageId);
    const done = await s.editOf(ADMIN, messageId, (t) => t.startsWith('🔁 Perintah reboot sudah dikirim'), 15_000);
    assert.ok(done.at > pending.call.at);
    assert.deepEqual(s.standins.powerCalls(), ['reboot']);
    for (const admin of [ADMIN, ADMIN2]) {
      const announce = s.fake.calls.find((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === admin && /^🔁 Server akan REBOOT sekarang/.test(String(c.text)));
      assert.ok(announce, `admin ${admin} was told before the reboot`);
      assert.ok(announce.at <= done.at);
    }

    // Pressing ✅ again does nothing but say so.
    from = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, yes.data);
    assert.match(String((await s.answerAfter(from)).text), /sudah tidak berlaku/);
    await barrier(ADMIN);
    const jobs = await powerJobs();
    assert.deepEqual(jobs.map((j) => j.name), ['host.reboot']);
    assert.deepEqual(s.standins.powerCalls(), ['reboot']);
  });

  test('🧰 Kontrol → ⏻ Matikan server asks for confirmation; ❌ cancels, ✅ powers off once', async () => {
    const open = async () => {
      const from = s.fake.calls.length;
      s.fake.type(ADMIN, '🧰 Kontrol');
      const { messageId } = await s.sentAfter(ADMIN, from, (t) => t === '🧰 Mau kontrol service yang mana?');
      const off = s.fake.buttons(messageId).find((b) => b.text === '⏻ Matikan server');
      assert.ok(off);
      assert.ok(s.fake.buttons(messageId).some((b) => b.text === '🔁 Reboot server'));
      s.fake.press(ADMIN, messageId, off.data);
      await s.editOf(ADMIN, messageId, (t) => t === shownText(texts.CONFIRM('mematikan server')));
      return messageId;
    };
    const first = await open();
    s.fake.press(ADMIN, first, s.fake.buttons(first).find((b) => b.text.includes('Batal'))!.data);
    await s.editOf(ADMIN, first, (t) => t.startsWith('Oke, dibatalkan'));
    assert.ok(!s.standins.powerCalls().includes('poweroff'));

    const second = await open();
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, second, s.fake.buttons(second).find((b) => b.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, second, (t) => t.startsWith('⏻ Perintah shutdown sudah dikirim'), 15_000);
    assert.equal(s.standins.powerCalls().filter((c) => c === 'poweroff').length, 1);
    assert.equal((await powerJobs()).filter((j) => j.name === 'host.shutdown').length, 1);
  });
});
