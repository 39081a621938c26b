import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openQueue, queueName, texts, BULLMQ_PREFIX } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { Queue } from 'bullmq';
import { ADMIN, ADMIN2, startBotStack, STRANGER, VIEWER, type BotStack } from '../harness/bot-stack.js';

const MENU_ROWS = [
  ['📊 Status', '🧰 Kontrol'],
  ['📜 Logs', '💾 Backup'],
  ['🌐 Network', '🔄 Update'],
  ['⚙️ Settings'],
];

describe('the Telegram bot against a fake Bot API, a real Redis and the real worker', () => {
  let s: BotStack;
  let onceQueue: Queue;
  let readQueue: Queue;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000' } });
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
    readQueue = openQueue(queueName('read', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await readQueue?.close();
    await s?.stop();
  });

  /** Sends an admin update after `update` and waits for its answer: everything before it was handled. */
  async function barrier(): Promise<void> {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && String(c.text).startsWith('Yang bisa aku bantu'));
  }

  test('the command list of PRD section 8 is registered with Telegram', async () => {
    const call = await s.fake.waitForCall((c) => c.method === 'setMyCommands');
    const names = (call.params.commands as Array<{ command: string }>).map((c) => c.command);
    assert.deepEqual(names, ['start', 'help', 'status', 'logs', 'backup', 'services', 'reboot']);
  });

  test('/start shows the exact 7-button main menu, resized for a phone', async () => {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/start');
    const call = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    const markup = call.params.reply_markup as { keyboard: Array<Array<{ text: string }>>; resize_keyboard: boolean };
    assert.deepEqual(
      markup.keyboard.map((row) => row.map((b) => b.text)),
      MENU_ROWS,
    );
    assert.equal(markup.resize_keyboard, true);
  });

  test('📊 Status sends the pending message first, then edits that same message into the summary', async () => {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '📊 Status');
    const { call: pending, messageId } = await s.pendingAfter(ADMIN, from);
    const edit = await s.editOf(ADMIN, messageId);
    assert.ok(edit.at > pending.at);
    const text = String(edit.text);
    assert.match(text, /📊 Status server/);
    assert.match(text, /CPU/);
    assert.match(text, /n8n\.service: active/);
    assert.equal(s.fake.messages.get(messageId)?.text, text);
    const detail = s.fake.buttons(messageId).find((b) => b.text.includes('Detail'));
    assert.ok(detail, 'the summary carries a Detail button');
    assert.ok(Buffer.byteLength(detail.data) <= 64);
    const before = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, detail.data);
    const { messageId: detailId } = await s.pendingAfter(ADMIN, before);
    assert.notEqual(detailId, messageId, 'the summary stays; the detail comes in its own message');
    const detailEdit = await s.editOf(ADMIN, detailId);
    assert.match(String(detailEdit.text), /^🔎 Detail server/);
    assert.equal(s.fake.messages.get(messageId)?.text, text, 'the summary is unchanged');
  });

  test('a viewer may press 🔍 Detail too', async () => {
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'status:detail');
    const { messageId } = await s.pendingAfter(VIEWER, from);
    assert.match(String((await s.editOf(VIEWER, messageId)).text), /^🔎 Detail server/);
  });

  test('/services lists the whitelisted units with their state, for a viewer too', async () => {
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '/services');
    const { messageId } = await s.pendingAfter(VIEWER, from);
    const edit = await s.editOf(VIEWER, messageId);
    assert.match(String(edit.text), /cloudflared\.service: active \(running\)/);
  });

  test('a stranger is refused once with their numeric id, rate-limited, and audited', async () => {
    const from = s.fake.calls.length;
    s.fake.type(STRANGER, '📊 Status');
    s.fake.type(STRANGER, '🧰 Kontrol');
    await barrier();
    const replies = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.params.chat_id === STRANGER);
    assert.equal(replies.length, 1, 'one refusal for two presses');
    assert.equal(replies[0]!.text, texts.notAllowed(STRANGER));
    assert.match(String(replies[0]!.text), /5555/);
    const lines = s.audit().filter((e) => e.who === `tg:${STRANGER}`);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.outcome, 'refused');
  });

  test('a viewer may look but is refused the controls, with their id, and audited', async () => {
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '🧰 Kontrol');
    const call = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === VIEWER);
    assert.equal(call.text, texts.notAllowed(VIEWER));
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action === 'menu:kontrol' && e.outcome === 'refused'));
  });

  test('Kontrol → unit → Restart asks for confirmation; ✅ restarts once and edits the same message with the outcome', async () => {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const picker = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === '🧰 Mau kontrol service yang mana?');
    const pickerId = (picker.result as { message_id: number }).message_id;
    const unitButton = s.fake.buttons(pickerId).find((b) => b.text === 'n8n.service');
    assert.ok(unitButton);
    s.fake.press(ADMIN, pickerId, unitButton.data);
    await s.editOf(ADMIN, pickerId, (t) => t.includes('Mau diapakan'));
    const restart = s.fake.buttons(pickerId).find((b) => b.text.includes('Restart'));
    assert.ok(restart);
    s.fake.press(ADMIN, pickerId, restart.data);
    const confirm = await s.editOf(ADMIN, pickerId, (t) => t === shownText(texts.CONFIRM('me-restart n8n.service')));
    // The PRD's *YA* shows bold: Telegram parsed the HTML sent with parse_mode HTML.
    assert.equal(confirm.params.parse_mode, 'HTML');
    const ya = confirm.entities?.find((e) => e.type === 'bold');
    assert.equal(ya && confirm.text?.slice(ya.offset, ya.offset + ya.length), 'YA');
    const [yes, no] = s.fake.buttons(pickerId);
    assert.match(yes!.text, /✅/);
    assert.match(no!.text, /❌/);
    assert.equal(s.standins.calls('systemctl').filter((l) => l.includes('restart')).length, 0, 'nothing happens before the confirmation');

    // Another admin's press on this confirmation does nothing but say so.
    const beforeOther = s.fake.calls.length;
    s.fake.press(ADMIN2, pickerId, yes!.data);
    const otherAnswer = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= beforeOther && c.method === 'answerCallbackQuery');
    assert.match(String(otherAnswer.text), /bukan punyamu/);

    const beforeYes = s.fake.calls.length;
    s.fake.press(ADMIN, pickerId, yes!.data);
    await s.pendingAfter(ADMIN, beforeYes);
    const outcome = await s.editOf(ADMIN, pickerId, (t) => t.startsWith('Beres!'));
    assert.match(String(outcome.text), /n8n\.service sudah di-restart/);
    assert.equal(s.standins.calls('systemctl').filter((l) => /restart -- n8n\.service/.test(l)).length, 1);

    // Replaying the same ✅ does nothing but say so.
    const beforeReplay = s.fake.calls.length;
    s.fake.press(ADMIN, pickerId, yes!.data);
    const replay = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= beforeReplay && c.method === 'answerCallbackQuery');
    assert.match(String(replay.text), /sudah tidak berlaku/);
    await barrier();
    assert.equal(s.standins.calls('systemctl').filter((l) => /restart -- n8n\.service/.test(l)).length, 1);
    assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), 1);
  });

  test('a typed YA confirms the pending action; ❌ cancels without touching anything', async () => {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const picker = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === '🧰 Mau kontrol service yang mana?');
    const pickerId = (picker.result as { message_id: number }).message_id;
    s.fake.press(ADMIN, pickerId, s.fake.buttons(pickerId).find((b) => b.text === 'cloudflared.service')!.data);
    await s.editOf(ADMIN, pickerId, (t) => t.includes('Mau diapakan'));
    s.fake.press(ADMIN, pickerId, s.fake.buttons(pickerId).find((b) => b.text.includes('Stop'))!.data);
    await s.editOf(ADMIN, pickerId, (t) => t === shownText(texts.CONFIRM('mematikan cloudflared.service')));
    const beforeYa = s.fake.calls.length;
    s.fake.type(ADMIN, 'YA');
    const { messageId } = await s.pendingAfter(ADMIN, beforeYa);
    const outcome = await s.editOf(ADMIN, messageId, (t) => t.startsWith('Beres!'));
    assert.match(String(outcome.text), /cloudflared\.service sudah dimatikan/);
    assert.equal(s.standins.unitState('cloudflared.service'), 'inactive dead');

    // A second YA finds nothing to confirm.
    const beforeSecond = s.fake.calls.length;
    s.fake.type(ADMIN, 'ya');
    const second = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= beforeSecond && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    assert.match(String(second.text), /Tidak ada aksi yang menunggu konfirmasi/);

    // ❌ on a fresh confirmation cancels it.
    const from2 = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const p2 = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from2 && c.method === 'sendMessage' && c.text === '🧰 Mau kontrol service yang mana?');
    const p2Id = (p2.result as { message_id: number }).message_id;
    s.fake.press(ADMIN, p2Id, s.fake.buttons(p2Id).find((b) => b.text === 'cloudflared.service')!.data);
    await s.editOf(ADMIN, p2Id, (t) => t.includes('Mau diapakan'));
    s.fake.press(ADMIN, p2Id, s.fake.buttons(p2Id).find((b) => b.text.includes('Start'))!.data);
    await s.editOf(ADMIN, p2Id, (t) => t.startsWith('Yakin mau'));
    s.fake.press(ADMIN, p2Id, s.fake.buttons(p2Id).find((b) => b.text.includes('Batal'))!.data);
    await s.editOf(ADMIN, p2Id, (t) => t.startsWith('Oke, dibatalkan'));
    assert.equal(s.standins.unitState('cloudflared.service'), 'inactive dead');
  });

  test('forged callback data does nothing but say so', async () => {
    const jobsBefore = await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');
    const systemctlBefore = s.standins.calls('systemctl').length;
    for (const data of ['cf:AAAAAAAAAAAAAAAAAAAAAA', 'cf:../../etc', 'ctl:a:99:restart', 'rm -rf /']) {
      const from = s.fake.calls.length;
      s.fake.press(ADMIN, 1, data);
      const answer = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'answerCallbackQuery');
      assert.match(String(answer.text), /tidak berlaku/, `answer to ${data}`);
    }
    await barrier();
    assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), jobsBefore);
    assert.equal(s.standins.calls('systemctl').length, systemctlBefore);
  });

  test('a viewer pressing a confirmation button is refused with their id', async () => {
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'cf:AAAAAAAAAAAAAAAAAAAAAA');
    const answer = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'answerCallbackQuery');
    assert.equal(answer.text, texts.notAllowed(VIEWER));
  });

  test('the same update delivered twice sends one pending message and enqueues one job', async () => {
    const update = s.fake.typedUpdate(ADMIN, '📊 Status');
    const id = s.fake.allocUpdateId();
    const from = s.fake.calls.length;
    s.fake.injectMany([{ ...update, update_id: id }, { ...update, update_id: id }]);
    const { messageId } = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, messageId);
    await barrier();
    const pendings = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING);
    assert.equal(pendings.length, 1);
    const job = await readQueue.getJob(`tg-${id}`);
    assert.equal(job?.name, 'status.summary');
    const all = await readQueue.getJobs(['completed', 'waiting', 'active', 'failed']);
    assert.equal(all.filter((j) => (j.data as { meta: { requestId: string } }).meta.requestId === `u${id}`).length, 1);
  });

  test('💾 Backup opens its menu (no longer "segera hadir") for admins and viewers alike', async () => {
    for (const userId of [ADMIN, VIEWER]) {
      const from = s.fake.calls.length;
      s.fake.type(userId, '💾 Backup');
      const call = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === userId);
      assert.match(String(call.text), /^💾 Backup ke HDD/);
      const buttons = s.fake.buttons((call.result as { message_id: number }).message_id).map((b) => b.text);
      assert.deepEqual(buttons, ['💾 Backup now', '⏰ Jadwal', '📋 Restore list', '🔍 Verifikasi checksum', '🧹 Bersihkan snapshot lama']);
    }
  });

  test('⚙️ Settings lists the admins and viewers from .env', async () => {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '⚙️ Settings');
    const menu = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    const menuId = (menu.result as { message_id: number }).message_id;
    const admins = s.fake.buttons(menuId).find((b) => b.text.includes('Daftar admin'));
    assert.ok(admins);
    const before = s.fake.calls.length;
    s.fake.press(ADMIN, menuId, admins.data);
    const list = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= before && c.method === 'sendMessage' && c.params.chat_id === ADMIN);
    assert.match(String(list.text), /Admin \(boleh semua\): 1001, 1002/);
    assert.match(String(list.text), /Viewer \(cuma lihat\): 2002/);
  });

  test('SIGTERM stops the bot cleanly and promptly, even while Telegram hangs', async () => {
    await s.fake.setMode({ kind: 'hang' });
    const r = await s.bot.stop(10_000);
    assert.equal(r.code, 0, s.bot.output());
  });
});
