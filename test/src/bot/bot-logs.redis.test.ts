import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { texts } from '@potion/jobs';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';
import type { FakeCall } from '@potion/testkit';

const MARKER = 'value .* matched $(reboot) [x] a;reboot `id` marker-7f3';

describe('📜 Logs in the bot, end to end (real bot, worker and Redis; fake Telegram)', () => {
  let s: BotStack;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000' } });
    mkdirSync(s.config.logDir, { recursive: true });
    appendFileSync(
      join(s.config.logDir, 'runtime.log'),
      [
        `{"level":50,"time":"2026-11-25T03:04:05.000Z","proc":"worker","msg":"job failed","err":{"message":"disk full marker-err"}}`,
        `{"level":30,"time":"2026-11-25T03:04:06.000Z","proc":"worker","msg":${JSON.stringify(MARKER)}}`,
      ].join('\n') + '\n',
    );
    s.standins.journal('n8n.service', ['Initializing n8n process', 'Error: connect ECONNREFUSED 127.0.0.1:5432', 'Warning: slow query']);
  });
  after(async () => {
    await s?.stop();
  });

  /** 📜 Logs -> a source button; returns the picker message id, now showing that source's actions. */
  async function openSource(userId: number, sourceText: string): Promise<number> {
    const from = s.fake.calls.length;
    s.fake.type(userId, '📜 Logs');
    const { messageId } = await s.sentAfter(userId, from, (t) => t === '📜 Mau lihat log yang mana?');
    const sources = s.fake.buttons(messageId);
    assert.deepEqual(
      sources.map((b) => b.text),
      ['📄 runtime.log', '🧩 n8n.service', '🧩 cloudflared.service', '🐧 dmesg'],
    );
    const button = sources.find((b) => b.text === sourceText);
    assert.ok(button, sourceText);
    s.fake.press(userId, messageId, button.data);
    await s.editOf(userId, messageId, (t) => t.startsWith('📜 ') && t.includes('Mau lihat apa?'));
    return messageId;
  }

  /** Presses an action button under the picker and returns the pending message's id and its final edit. */
  async function pressAction(userId: number, pickerId: number, label: string): Promise<{ messageId: number; text: string; call: FakeCall }> {
    const button = s.fake.buttons(pickerId).find((b) => b.text === label);
    assert.ok(button, label);
    assert.ok(Buffer.byteLength(button.data) <= 64);
    const from = s.fake.calls.length;
    s.fake.press(userId, pickerId, button.data);
    const { call: pending, messageId } = await s.pendingAfter(userId, from);
    const edit = await s.editOf(userId, messageId);
    assert.ok(edit.at >= pending.at);
    return { messageId, text: String(edit.text), call: edit };
  }

  test('runtime.log: Tail 50 sends the pending message, then edits it into the last lines (a viewer may look)', async () => {
    const picker = await openSource(VIEWER, '📄 runtime.log');
    assert.deepEqual(
      s.fake.buttons(picker).map((b) => b.text),
      ['Tail 50', 'Cari "error"', 'Cari "fail"', 'Cari "warn"', '🔍 Cari kata…', '📎 Kirim file', '« Kembali'],
    );
    const { text, call } = await pressAction(VIEWER, picker, 'Tail 50');
    assert.match(text, /^📜 runtime.log — \d+ baris terakhir/);
    assert.match(text, /ERROR worker: job failed \(disk full marker-err\)/);
    // The lines are one <pre> block, from the first line to the last.
    const block = call.entities?.find((e) => e.type === 'pre');
    assert.ok(block, 'the log lines are in <pre>');
    assert.match(text.slice(block.offset, block.offset + block.length), /^\S.*\n[\s\S]*ERROR worker: job failed \(disk full marker-err\)/);
    assert.equal(text.slice(0, block.offset), text.slice(0, text.indexOf('\n\n') + 2), 'the title is outside the block');
  });

  test('a unit journal: Cari "error" and Cari "warn" search it; « Kembali goes back to the sources', async () => {
    const picker = await openSource(ADMIN, '🧩 n8n.service');
    let r = await pressAction(ADMIN, picker, 'Cari "error"');
    assert.match(r.text, /^🔍 1 baris berisi "error" di journal n8n.service/);
    assert.match(r.text, /ECONNREFUSED/);
    r = await pressAction(ADMIN, picker, 'Cari "warn"');
    assert.match(r.text, /^🔍 1 baris berisi "warn" di journal n8n.service/);
    assert.ok(s.standins.calls('journalctl').some((c) => c.startsWith('-u n8n.service ')));
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, picker, s.fake.buttons(picker).find((b) => b.text === '« Kembali')!.data);
    await s.editOf(ADMIN, picker, (t) => t === '📜 Mau lihat log yang mana?');
    assert.ok(s.fake.calls.length > from);
  });

  test('dmesg: Tail 50 and Cari "fail" answer in their own edited message', async () => {
    const picker = await openSource(VIEWER, '🐧 dmesg');
    let r = await pressAction(VIEWER, picker, 'Tail 50');
    assert.match(r.text, /^📜 dmesg \(kernel\) — \d+ baris terakhir/);
    r = await pressAction(VIEWER, picker, 'Cari "fail"');
    assert.match(r.text, /"fail" di dmesg/);
  });

  test('🔍 Cari kata… asks for a word; a typed word full of regex and shell metacharacters is searched literally', async () => {
    const picker = await openSource(VIEWER, '📄 runtime.log');
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, picker, s.fake.buttons(picker).find((b) => b.text === '🔍 Cari kata…')!.data);
    const ask = await s.sentAfter(VIEWER, from, (t) => t.startsWith('🔍 Ketik kata'));
    assert.deepEqual((ask.call.params.reply_markup as { force_reply?: boolean }).force_reply, true);
    const beforeWord = s.fake.calls.length;
    s.fake.type(VIEWER, '.* matched $(reboot) [x] a;reboot `id`');
    const { messageId } = await s.pendingAfter(VIEWER, beforeWord);
    const text = String((await s.editOf(VIEWER, messageId)).text);
    assert.match(text, /^🔍 1 baris berisi "\.\* matched \$\(reboot\) \[x\] a;reboot `id`" di runtime.log/);
    assert.match(text, /marker-7f3/);
    assert.equal(s.standins.powerCalls().length, 0, 'nothing was run');

    // The word was used once: the next text is not a search any more.
    const beforeNext = s.fake.calls.length;
    s.fake.type(VIEWER, 'error');
    const next = await s.sentAfter(VIEWER, beforeNext);
    assert.match(String(next.call.text), /belum ngerti/);
  });

  test('a typed word with HTML in it is echoed as typed, never as formatting', async () => {
    const picker = await openSource(VIEWER, '📄 runtime.log');
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, picker, s.fake.buttons(picker).find((b) => b.text === '🔍 Cari kata…')!.data);
    await s.sentAfter(VIEWER, from, (t) => t.startsWith('🔍 Ketik kata'));
    const beforeWord = s.fake.calls.length;
    s.fake.type(VIEWER, '<b>x & y</b>');
    const { messageId } = await s.pendingAfter(VIEWER, beforeWord);
    const edit = await s.editOf(VIEWER, messageId);
    assert.match(String(edit.text), /^🔍 Tidak ada baris berisi "<b>x & y<\/b>" di runtime.log/);
    assert.deepEqual(edit.entities, [], 'no bold: the word was escaped');
    assert.match(String(edit.params.text), /&lt;b&gt;x &amp; y&lt;\/b&gt;/);
  });

  test('a typed word that cannot be a search word is refused in Indonesian, nothing is queued, and another try works', async () => {
    const picker = await openSource(ADMIN, '📄 runtime.log');
    const beforeAsk = s.fake.calls.length;
    s.fake.press(ADMIN, picker, s.fake.buttons(picker).find((b) => b.text === '🔍 Cari kata…')!.data);
    await s.sentAfter(ADMIN, beforeAsk, (t) => t.startsWith('🔍 Ketik kata'));
    for (const bad of ['x'.repeat(101), 'x'.repeat(4000), 'line\nbreak', 'bell\u0007', 'bad\uD800utf8', '\uFFFD', 'rorre\u202Egnp.exe', 'a\u2066isolate\u2069', 'mark\u200F']) {
      const from = s.fake.calls.length;
      s.fake.type(ADMIN, bad);
      const refusal = await s.sentAfter(ADMIN, from);
      assert.match(String(refusal.call.text), /^Permintaan ini aku tolak ❌: kata pencarian tidak valid \(1-100 huruf, tanpa karakter kontrol\)/);
      assert.ok(!s.fake.calls.slice(from).some((c) => c.text === texts.PROCESSING), 'no pending message, no job');
      assert.doesNotMatch(String(refusal.call.text), /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/, 'no bidi character is echoed');
    }
    assert.ok(s.audit().some((e) => e.action === 'logs.search' && e.outcome === 'refused' && e.who === `tg:${ADMIN}`));
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, 'MARKER-ERR');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    assert.match(String((await s.editOf(ADMIN, messageId)).text), /^🔍 1 baris berisi "MARKER-ERR" di runtime.log/);
  });

  test('📎 Kirim file sends runtime.log as a document to an admin', async () => {
    const picker = await openSource(ADMIN, '📄 runtime.log');
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, picker, s.fake.buttons(picker).find((b) => b.text === '📎 Kirim file')!.data);
    const { messageId } = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, messageId);
    const doc = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendDocument' && c.params.chat_id === ADMIN);
    const file = doc.params.document as { file_name: string; content: string };
    assert.match(file.file_name, /runtime.*\.log/);
    assert.match(file.content, /marker-7f3/);
  });

  test('a viewer is refused 📎 Kirim file with their id, audited, and nothing is sent', async () => {
    const picker = await openSource(VIEWER, '🧩 n8n.service');
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, picker, s.fake.buttons(picker).find((b) => b.text === '📎 Kirim file')!.data);
    const answer = await s.answerAfter(from);
    assert.equal(answer.text, texts.notAllowed(VIEWER));
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.outcome === 'refused' && e.action.endsWith(':x')));
    const barrier = s.fake.calls.length;
    s.fake.type(VIEWER, '/help');
    await s.sentAfter(VIEWER, barrier);
    assert.ok(!s.fake.calls.slice(from).some((c) => c.method === 'sendDocument' || c.text === texts.PROCESSING));
  });

  test('/logs runtime sends the tail of runtime.log; an unknown source is explained', async () => {
    let from = s.fake.calls.length;
    s.fake.type(VIEWER, '/logs runtime');
    const { messageId } = await s.pendingAfter(VIEWER, from);
    assert.match(String((await s.editOf(VIEWER, messageId)).text), /^📜 runtime.log — \d+ baris terakhir/);
    from = s.fake.calls.length;
    s.fake.type(VIEWER, '/logs n8n');
    const unit = await s.pendingAfter(VIEWER, from);
    assert.match(String((await s.editOf(VIEWER, unit.messageId)).text), /^📜 journal n8n.service/);
    from = s.fake.calls.length;
    s.fake.type(VIEWER, '/logs ../../etc/passwd');
    const usage = await s.sentAfter(VIEWER, from);
    assert.match(String(usage.call.text), /^Sumber log itu tidak aku kenal/);
  });

  test('forged Logs buttons do nothing but say so', async () => {
    for (const data of ['lg:j99:t', 'lg:r:q', 'lg:../x', 'lg:j0:t:rm']) {
      const from = s.fake.calls.length;
      s.fake.press(ADMIN, 1, data);
      assert.match(String((await s.answerAfter(from)).text), /tidak berlaku/, data);
    }
  });
});
