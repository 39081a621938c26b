import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { dayTime, hostKeys, keys, texts, type JobName } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { shownText, waitFor } from '@potion/testkit';
import { startWorkerApp, syntheticSample, type SyntheticOptions, type WorkerApp } from '@potion/worker';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

// Issue 19 point 7 through the chat: the real bot against the fake Bot API, a real Redis, and
// a real worker app in this process whose host samples the test sets (the alert engine, the
// confirmation, the audit log and 📜 Aktivitas are the real ones).
describe('⚙️ Settings → 📏 Ambang alert and 📜 Aktivitas, end to end (real bot, worker and Redis; fake Telegram)', () => {
  let s: BotStack;
  let worker: WorkerApp;
  let figures: Omit<SyntheticOptions, 'at'> = {};

  before(async () => {
    // alerts: true leaves the alert families on; the host figures are the test's own (no real sampler, no schedules).
    s = await startBotStack({ worker: false, alerts: true, env: { BOT_FLOOD_BURST: '1000', TIMEZONE: 'Asia/Makassar' } });
    worker = await startWorkerApp({
      config: s.config,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'warn', stdout: false }),
      redisUrl: s.redis.url,
      runner: createRunner(),
      schedules: false,
      sampler: async () => syntheticSample({ at: Date.now(), hddMount: s.config.hddMount, ...figures }),
    });
  });
  after(async () => {
    await worker?.stop();
    await s?.stop();
  });

  /** Runs one host sample through the worker as the schedule would, and returns the alert texts it queued. */
  async function sample(f: Omit<SyntheticOptions, 'at'>): Promise<string[]> {
    figures = f;
    const before = new Set((await alertJobs()).map((j) => j.id));
    const id = await s.producer.enqueue('health.sample', {}, { requestId: 'sample', by: { kind: 'scheduler', name: 'test' }, enqueuedAt: Date.now() });
    await done('read', id);
    return (await alertJobs()).filter((j) => !before.has(j.id) && j.chatId === ADMIN).map((j) => j.text);
  }
  async function alertJobs(): Promise<{ id: string; chatId: number; text: string }[]> {
    const all = await s.producer.queue('notify').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
    return all.filter((j) => j.data?.payload?.kind === 'alert').map((j) => ({ id: String(j.id), chatId: Number(j.data.payload.chatId), text: String(j.data.payload.text) }));
  }
  async function done(queue: 'read' | 'once', id: string): Promise<void> {
    await waitFor(`job ${id} to finish`, async () => ((await s.producer.queue(queue).getJobState(id)) === 'completed' ? true : undefined), 15_000);
  }
  async function press(userId: number, messageId: number, label: string): Promise<number> {
    const b = s.fake.buttons(messageId).find((x) => x.text === label);
    assert.ok(b, `a button "${label}": ${JSON.stringify(s.fake.buttons(messageId))}`);
    const from = s.fake.calls.length;
    s.fake.press(userId, messageId, b.data);
    return from;
  }
  /** Presses a button whose answer is a job: waits for the pending message, then the result in the same message. */
  async function pressForResult(userId: number, messageId: number, label: string): Promise<string> {
    const from = await press(userId, messageId, label);
    const pending = await s.pendingAfter(userId, from);
    assert.equal(pending.messageId, messageId, 'the answer edits the message under the button');
    return editAfter(userId, messageId, from, (t) => t !== texts.PROCESSING);
  }
  /** The text of the first edit of a message at or after call `from` that matches. */
  async function editAfter(userId: number, messageId: number, from: number, match: (t: string) => boolean): Promise<string> {
    const call = await s.fake.waitForCall(
      (c) => s.fake.calls.indexOf(c) >= from && c.method === 'editMessageText' && c.params.chat_id === userId && c.params.message_id === messageId && match(String(c.text)),
      10_000,
      `an edit of message ${messageId}`,
    );
    return String(call.text);
  }
  async function openSettings(userId: number): Promise<number> {
    const from = s.fake.calls.length;
    s.fake.type(userId, '⚙️ Settings');
    return (await s.sentAfter(userId, from, (t) => t.startsWith('⚙️ Settings'))).messageId;
  }
  const auditOf = (action: JobName | string) => s.audit().filter((e) => e.action === action);

  test('the admin sets the disk threshold to 70% from the chat: typed, checked, confirmed, audited, and the next sample over 70% raises the alert', async () => {
    assert.deepEqual(await sample({ rootPct: 75 }), [], '75% is under the .env 90%');

    const menu = await openSettings(ADMIN);
    let from = await press(ADMIN, menu, '📏 Ambang alert');
    await editAfter(ADMIN, menu, from, (t) => t.startsWith('📏 Ambang alert: mau atur bagian yang mana?'));
    const group = await pressForResult(ADMIN, menu, '💽 Disk');
    assert.match(group, /^📏 Ambang alert · 💽 Disk\n\n• Batas disk penuh: 90% \(default\)\n {3}alert kalau disk \/ atau HDD terisi lebih dari ini\n• Jarak normal disk: 2% \(default\)/);
    const page = await pressForResult(ADMIN, menu, '🔧 Batas disk penuh');
    assert.match(page, /Sekarang: 90% \(default\)\nDefault \(\.env ALERT_DISK_PERCENT\): 90%\nBoleh diisi: 1–100%/);
    assert.deepEqual(s.fake.buttons(menu).map((b) => b.text), ['80%', '85%', '✅ 90%', '95%', '✏️ Ketik angka', '« Kembali']);

    from = await press(ADMIN, menu, '✏️ Ketik angka');
    const prompt = await s.sentAfter(ADMIN, from);
    assert.equal(prompt.call.text, '✏️ Ketik angka baru untuk Batas disk penuh (%), boleh 1–100%. Default: 90%.');

    from = s.fake.calls.length;
    s.fake.type(ADMIN, '150');
    assert.equal((await s.sentAfter(ADMIN, from)).call.text, '❌ "150" kegedean. Batas disk penuh harus angka bulat 1–100%. Ketik lagi ya, misalnya 90.');
    from = s.fake.calls.length;
    s.fake.type(ADMIN, 'tujuh puluh');
    assert.equal((await s.sentAfter(ADMIN, from)).call.text, '❌ "tujuh puluh" bukan angka bulat. Batas disk penuh harus angka bulat 1–100%. Ketik lagi ya, misalnya 90.');
    assert.equal(auditOf('settings.tune').filter((e) => e.outcome === 'refused').length, 2, 'each refused number is audited');

    from = s.fake.calls.length;
    s.fake.type(ADMIN, '70 %');
    const ask = await s.sentAfter(ADMIN, from);
    assert.equal(ask.call.text, shownText(texts.CONFIRM('ubah Batas disk penuh jadi 70% (default 90%)')));
    assert.deepEqual(await s.conn.hgetall(hostKeys(s.config.hostId).alertTuning), {}, 'nothing changes before the confirmation');

    const result = await pressForResult(ADMIN, ask.messageId, '✅ Ya, lanjut');
    assert.match(result, /^Beres! ✅ Ringkasan: Batas disk penuh sekarang 70% \(tadinya 90%, default 90%\)\. Langsung dipakai mulai cek berikutnya, gak perlu restart\.\n\n📏 Ambang alert · 💽 Disk\n\n• Batas disk penuh: 70% ✏️ \(default 90%\)/);
    assert.deepEqual(await s.conn.hgetall(hostKeys(s.config.hostId).alertTuning), { 'disk.pct': '70' });
    const audited = auditOf('settings.tune').filter((e) => e.who === `tg:${ADMIN}` && e.outcome !== 'refused');
    assert.deepEqual(audited.map((e) => e.outcome), ['started', 'ok']);
    assert.deepEqual(audited[0]!.detail?.payload, { id: 'disk.pct', value: 70 });

    assert.deepEqual(await sample({ rootPct: 69 }), [], '69% is under the new 70%');
    const fired = await sample({ rootPct: 75 });
    assert.equal(fired.length, 1);
    assert.match(fired[0]!, /^🚨 💽 Disk \/ hampir penuh: 75% terpakai, sisa .* \(batas 70%\)/);
    const alert = await s.fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && String(c.text).startsWith('🚨 💽 Disk /'), 10_000, 'the disk alert in the chat');
    assert.match(String(alert.text), /\(batas 70%\)/);
  });

  test('↩️ Default on the value page asks first, then puts the .env value back', async () => {
    const menu = await openSettings(ADMIN);
    await editAfter(ADMIN, menu, await press(ADMIN, menu, '📏 Ambang alert'), (t) => t.startsWith('📏 Ambang alert: mau atur'));
    await pressForResult(ADMIN, menu, '💽 Disk');
    await pressForResult(ADMIN, menu, '🔧 Batas disk penuh');
    const from = await press(ADMIN, menu, '↩️ Default (90%)');
    await editAfter(ADMIN, menu, from, (t) => t === shownText(texts.CONFIRM('balikin Batas disk penuh ke default 90%')));
    const result = await pressForResult(ADMIN, menu, '✅ Ya, lanjut');
    assert.match(result, /^Beres! ✅ Ringkasan: Batas disk penuh balik ke default 90% \(tadinya 70%\)\./);
    assert.deepEqual(await s.conn.hgetall(hostKeys(s.config.hostId).alertTuning), {});
  });

  test('a viewer can neither open the pages nor press a threshold button: refused with their id, audited, nothing changes', async () => {
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'tn:s:disk.pct:80');
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));
    assert.deepEqual(await s.conn.hgetall(hostKeys(s.config.hostId).alertTuning), {});
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action === 'button:tn:s:disk.pct:80' && e.outcome === 'refused'));
  });

  test('📜 Aktivitas lists the change with who, what and when in TIMEZONE, the refusals too, newest first', async () => {
    const menu = await openSettings(ADMIN);
    const text = await pressForResult(ADMIN, menu, '📜 Aktivitas');
    assert.match(text, /^📜 Aktivitas terakhir \(\d+ aksi, terbaru di atas, jam Asia\/Makassar\)/);
    const set = auditOf('settings.tune').find((e) => e.outcome === 'started' && (e.detail?.payload as { value?: unknown }).value === 70)!;
    const when = dayTime(Date.parse(set.at!), 'Asia/Makassar');
    assert.ok(text.includes(`✅ ${when} · admin ${ADMIN}\n   ubah Batas disk penuh jadi 70%`), text);
    assert.match(text, new RegExp(`✅ .* · admin ${ADMIN}\\n {3}Batas disk penuh balik ke default`));
    assert.match(text, new RegExp(`⛔ .* · viewer ${VIEWER} · ditolak\\n {3}tekan tombol tn:s:disk\\.pct:80`));
    assert.match(text, new RegExp(`⛔ .* · admin ${ADMIN} · ditolak\\n {3}ubah Batas disk penuh \\(typed "150": kegedean \\(allowed 1–100%\\)\\)`));
    assert.ok(text.indexOf('balik ke default') < text.indexOf('jadi 70%'), 'newest first');
    assert.doesNotMatch(text, /health\.sample|settings\.thresholds/, 'looking and the schedule are not listed');
  });
});
