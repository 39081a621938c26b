import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertFamily, hostKeys, keys, openQueue, Producer, PROOF_KEY_FILE, queueName, texts, HOST_PROOF_KEY_DIR, hostProofKeyFile } from '@potion/jobs';
import { APP_MAIN, createStandins, shownText, startAppProcess, waitFor, waitWorkerReady, type AppProcess, type Standins } from '@potion/testkit';
import type { Queue } from 'bullmq';
import { ADMIN, startFaultStack, type FaultStack } from '../harness/fault-harness.js';

/**
 * Issue 18, every menu per host: one bot, a real worker for host `a` (the bot's own) and one
 * for host `b` on the same real Redis, each with its own stand-in systemctl (PATH).
 */
describe('one bot, two hosts (real bot, two real workers, real Redis; fake Telegram; stand-ins per host)', () => {
  let s: FaultStack;
  let standinsB: Standins;
  let producerB: Producer;
  let readB: Queue;
  let b: AppProcess | undefined;
  const restarts = (st: Standins) => st.calls('systemctl').filter((l) => /restart -- n8n\.service/.test(l)).length;

  before(async () => {
    s = await startFaultStack({ env: { HOST_ID: 'a', BOT_FLOOD_BURST: '1000', HEARTBEAT_INTERVAL_SEC: '5' }, bot: false });
    standinsB = createStandins();
    standinsB.unit('n8n.service', 'active running');
    standinsB.unit('cloudflared.service', 'active running');
    const root = mkdtempSync(join(tmpdir(), 'potion-host-b-'));
    await s.conn.hset(hostKeys('b').settings, Object.fromEntries(alertFamily.options.map((f) => [`alert.${f}`, 'off'])));
    const dataB = join(root, 'data');
    b = startAppProcess(APP_MAIN.worker, { ...s.config.env, HOST_ID: 'b', DATA_DIR: dataB, LOG_DIR: join(root, 'logs'), HDD_MOUNT: join(root, 'hdd'), ...standinsB.env });
    await waitWorkerReady(b, 60_000);
    // What the join of a host leaves on the main machine: b's job-proof key, for the bot.
    mkdirSync(join(s.config.dataDir, HOST_PROOF_KEY_DIR), { recursive: true });
    copyFileSync(join(dataB, PROOF_KEY_FILE), join(s.config.dataDir, hostProofKeyFile('b')));
    producerB = new Producer({ connection: s.conn, hostId: 'b' });
    readB = openQueue(queueName('read', 'b'), { connection: s.conn });
    await s.startBot();
  });
  after(async () => {
    await b?.stop(3000);
    standinsB?.cleanup();
    await readB?.close();
    await producerB?.close();
    await s?.stop();
  });

  const pressText = async (messageId: number, text: string) => {
    const button = s.fake.buttons(messageId).find((x) => x.text === text);
    assert.ok(button, `a button "${text}" under message ${messageId}: ${JSON.stringify(s.fake.buttons(messageId))}`);
    s.fake.press(ADMIN, messageId, button.data);
  };

  test('🧰 Kontrol asks which host first; a restart for b, confirmed naming b, runs only on b; the choice is remembered and can be changed', async () => {
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const picker = await s.sentAfter(ADMIN, from, (t) => t === '🖥️ Mau ke server yang mana?');
    assert.deepEqual(s.fake.buttons(picker.messageId).map((x) => x.text), ['🖥️ a', '🖥️ b']);
    await pressText(picker.messageId, '🖥️ b');
    await s.editOf(ADMIN, picker.messageId, (t) => t === '🧰 Mau kontrol service yang mana?');
    assert.ok(s.fake.buttons(picker.messageId).some((x) => x.text === '🖥️ b · ganti'));
    await pressText(picker.messageId, 'n8n.service');
    await s.editOf(ADMIN, picker.messageId, (t) => t.includes('Mau diapakan'));
    await pressText(picker.messageId, '🔄 Restart');
    await s.editOf(ADMIN, picker.messageId, (t) => t === shownText(texts.CONFIRM('me-restart n8n.service', 'b')));
    assert.equal(restarts(standinsB) + restarts(s.standins), 0, 'nothing before the confirmation');
    from = s.fake.calls.length;
    await pressText(picker.messageId, '✅ Ya, lanjut');
    await s.editOf(ADMIN, picker.messageId, (t) => /n8n\.service sudah di-restart/.test(t), 20_000);
    assert.equal(restarts(standinsB), 1, "the restart reached b's systemctl");
    assert.equal(restarts(s.standins), 0, "and not a's");

    // Remembered: the next 🧰 Kontrol opens on b at once, with 🖥️ b · ganti to change it.
    from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const again = await s.sentAfter(ADMIN, from, (t) => t === '🧰 Mau kontrol service yang mana?');
    await pressText(again.messageId, '🖥️ b · ganti');
    await s.editOf(ADMIN, again.messageId, (t) => t === '🖥️ Mau ke server yang mana?');
    assert.deepEqual(s.fake.buttons(again.messageId).map((x) => x.text), ['🖥️ a', '🖥️ b']);
  });

  test("a message from b's outbox whose keyboard claims host a acts only on b, whatever the chat's choice", async () => {
    // The chat's own choice is a: a press under b's message must still go to b.
    await s.conn.set(keys.chatHost(ADMIN), 'a');
    let from = s.fake.calls.length;
    const forged = [[{ text: '🧰 a', data: 'hp:ctl:a' }], [{ text: '📊 a', data: 'hp:st:a' }], [{ text: '🔄 Restart', data: 'ctl:a:0:restart' }]];
    await producerB.enqueue('notify.send', { chatId: ADMIN, text: 'Pesan dari b', kind: 'info', createdAt: Date.now(), buttons: forged }, s.meta('forged-b'));
    const msg = await s.sentAfter(ADMIN, from, (t) => t === 'Pesan dari b');
    for (const data of ['hp:ctl:a', 'hp:st:a']) {
      from = s.fake.calls.length;
      s.fake.press(ADMIN, msg.messageId, data);
      assert.equal((await s.answerAfter(from)).text, 'Tombol ini sudah tidak berlaku. Buka lagi dari menu ya.', data);
    }
    const before = restarts(standinsB);
    await pressText(msg.messageId, '🔄 Restart');
    await s.editOf(ADMIN, msg.messageId, (t) => t === shownText(texts.CONFIRM('me-restart n8n.service', 'b')));
    await pressText(msg.messageId, '✅ Ya, lanjut');
    await s.editOf(ADMIN, msg.messageId, (t) => /n8n\.service sudah di-restart/.test(t), 20_000);
    assert.equal(restarts(standinsB), before + 1);
    assert.equal(restarts(s.standins), 0, 'host a never restarted anything');
    assert.equal(await s.conn.get(keys.chatHost(ADMIN)), 'a', 'the forged host buttons did not change the chat choice');
  });

  test('🔄 Update, 📜 Logs and 🌐 Network ask which host once, then open on it with 🖥️ <host> · ganti; their jobs go to that host', async () => {
    await s.conn.del(keys.chatHost(ADMIN));
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '🔄 Update');
    const picker = await s.sentAfter(ADMIN, from, (t) => t === '🖥️ Mau ke server yang mana?');
    await pressText(picker.messageId, '🖥️ b');
    await s.editOf(ADMIN, picker.messageId, (t) => t.startsWith('🔄 Update: mau update apa?'));
    assert.ok(s.fake.buttons(picker.messageId).some((x) => x.text === '🖥️ b · ganti'));
    await pressText(picker.messageId, '📦 Sync dependensi (lock)');
    await s.editOf(ADMIN, picker.messageId, (t) => t.startsWith('Yakin mau') && t.includes(' di b?'));
    await pressText(picker.messageId, '❌ Batal');
    await s.editOf(ADMIN, picker.messageId, (t) => t.startsWith('Oke, dibatalkan'));

    from = s.fake.calls.length;
    s.fake.type(ADMIN, '🌐 Network');
    const net = await s.sentAfter(ADMIN, from, (t) => t === '🌐 Network: mau cek apa?');
    assert.ok(s.fake.buttons(net.messageId).some((x) => x.text === '🖥️ b · ganti'), 'the choice is remembered');

    from = s.fake.calls.length;
    s.fake.type(ADMIN, '📜 Logs');
    const logs = await s.sentAfter(ADMIN, from, (t) => t === '📜 Mau lihat log yang mana?');
    await pressText(logs.messageId, '📄 runtime.log');
    await s.editOf(ADMIN, logs.messageId, (t) => t.includes('Mau lihat apa?'));
    from = s.fake.calls.length;
    await pressText(logs.messageId, 'Tail 50');
    const tail = await s.pendingAfter(ADMIN, from);
    await s.finalEdit(ADMIN, tail, 20_000);
    assert.ok((await readB.getJobs(['completed'])).some((j) => j.name === 'logs.tail'), 'the tail ran on b');
  });

  test('📊 Status lists every host (a host not heard from in red) with a button per host; b\'s button shows b\'s summary, whose Detail runs on b', async () => {
    await waitFor('both heartbeats', async () => (await s.conn.exists(hostKeys('a').heartbeat, hostKeys('b').heartbeat)) === 2, 20_000);
    // A third host that joined once and went quiet at 14:02 Jakarta time.
    const quietAt = Date.UTC(2026, 0, 5, 7, 2);
    await s.conn.hset(keys.hosts, 'c', JSON.stringify({ name: 'c', addedAt: quietAt }));
    await s.conn.set(hostKeys('c').heartbeat, String(quietAt));
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '📊 Status');
    const pending = await s.pendingAfter(ADMIN, from);
    const list = String((await s.editOf(ADMIN, pending, (t) => t.startsWith('🖥️ Semua server'), 20_000)).text);
    assert.match(list, /^🟢 a · CPU \d+% · RAM \d+%/m);
    assert.match(list, /^🟢 b · CPU \d+% · RAM \d+%/m);
    assert.match(list, /^🔴 c · tidak terdengar sejak 14:02$/m);
    assert.deepEqual(s.fake.buttons(pending).map((x) => x.text), ['📊 a', '📊 b', '📊 c']);

    from = s.fake.calls.length;
    await pressText(pending, '📊 b');
    const summaryId = await s.pendingAfter(ADMIN, from);
    assert.match(String((await s.editOf(ADMIN, summaryId, (t) => /📊 Status server/.test(t), 20_000)).text), /CPU/);
    from = s.fake.calls.length;
    await pressText(summaryId, '🔍 Detail');
    const detailId = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, detailId, (t) => /^🔎 Detail server/.test(t), 30_000);
    // The answer is queued by the job before BullMQ marks it completed: wait for that mark.
    let onB: string[] = [];
    await waitFor('b to have completed its summary and detail', async () => {
      onB = (await readB.getJobs(['completed'])).map((j) => j.name);
      return onB.includes('status.summary') && onB.includes('status.detail');
    }, 10_000).catch(() => assert.fail(`b ran its summary and detail: ${onB.join(',')}`));
  });
});
