import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { texts } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { listSnapshots, startWorkerApp, type WorkerApp } from '@potion/worker';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

const notProgress = (t: string) => !t.startsWith(texts.PROCESSING);

describe('💾 Backup → 📂 Buka: browsing a snapshot with buttons, restoring one file, sending a small one (real bot, worker, Redis, rsync; fake Telegram)', () => {
  let s: BotStack;
  let sb: BackupSandbox;
  let worker: WorkerApp;
  let snapshot = '';
  let messageId = 0;

  before(async () => {
    sb = createBackupSandbox();
    mkdirSync(join(sb.src, 'docs'));
    for (let i = 0; i < 11; i++) writeFileSync(join(sb.src, 'docs', `note-${String(i).padStart(2, '0')}.txt`), `note ${i}\n`);
    writeFileSync(join(sb.src, 'app.json'), '{"v":1}');
    s = await startBotStack({ worker: false, env: { BOT_FLOOD_BURST: '1000', HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src } });
    const procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    worker = await startWorkerApp({
      config: s.config,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'warn', stdout: false }),
      redisUrl: s.redis.url,
      runner: createRunner({ env: { ...process.env, ...s.standins.env } }),
      procRoot,
    });
    s.standins.unit('n8n.service', 'active running');
    s.standins.unitPaths('n8n.service', { workingDirectory: join(sb.src, 'docs') });
    // A snapshot to browse, made through the bot.
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/backup');
    const pending = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, pending.messageId, (t) => /📦 Snapshot/.test(t), 20_000);
    snapshot = (await listSnapshots(sb.backupDir))[0]!.name;
  });
  after(async () => {
    await worker?.stop();
    await s?.stop();
    sb?.cleanup();
  });

  /** Presses a button and waits for the result edited into the same message (browse buttons edit in place). */
  async function press(label: string | RegExp, result: RegExp, user = ADMIN): Promise<string> {
    const b = s.fake.buttons(messageId).find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
    assert.ok(b, `a button ${label} under message ${messageId}: ${JSON.stringify(s.fake.buttons(messageId))}`);
    assert.ok(Buffer.byteLength(b.data) <= 64, b.data);
    const from = s.fake.calls.length;
    s.fake.press(user, messageId, b.data);
    const edit = await s.fake.waitForCall(
      (c) => s.fake.calls.indexOf(c) >= from && c.method === 'editMessageText' && c.params.message_id === messageId && notProgress(String(c.text)),
      20_000,
      `the result of ${String(label)}`,
    );
    const text = String(edit.text);
    assert.match(text, result);
    return text;
  }

  test('📂 Buka shows the backed-up folders; a folder is paged 8 entries at a time with sizes and dates; ⬆️ goes up', async () => {
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '💾 Backup');
    const menu = await s.sentAfter(ADMIN, from, (t) => /^💾 Backup ke HDD/.test(t));
    from = s.fake.calls.length;
    s.fake.press(ADMIN, menu.messageId, s.fake.buttons(menu.messageId).find((b) => b.text === '📋 Restore list')!.data);
    const listMsg = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, listMsg.messageId, (t) => /^💾 Backup di HDD/.test(t));
    messageId = listMsg.messageId;
    from = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, s.fake.buttons(messageId).find((b) => b.text === '📂 Buka')!.data);
    messageId = (await s.pendingAfter(ADMIN, from)).messageId;
    const top = await s.editOf(ADMIN, messageId, (t) => t.startsWith(`📂 Snapshot ${snapshot}`));
    assert.match(String(top.text), new RegExp(`^📁 ${sb.src} · `, 'm'));
    const src = await press(`📁 ${sb.src}`, new RegExp(`^📂 Snapshot ${snapshot} · ${sb.src}\n2 isi`));
    assert.match(src, /^📁 docs · 78 B · /m);
    assert.match(src, /^📄 app\.json · 7 B · /m);
    const page1 = await press('📁 docs', /\/docs\n11 isi · halaman 1\/2/);
    assert.match(page1, /note-07\.txt/);
    assert.doesNotMatch(page1, /note-08\.txt/);
    assert.deepEqual(s.fake.buttons(messageId).slice(8).map((b) => b.text), ['⬆️ Naik', '➡️', '♻️ Restore folder ini']);
    const page2 = await press('➡️', /\/docs\n11 isi · halaman 2\/2/);
    assert.match(page2, /^📄 note-10\.txt · 8 B · /m);
    assert.deepEqual(s.fake.buttons(messageId).map((b) => b.text), ['📄 note-08.txt', '📄 note-09.txt', '📄 note-10.txt', '⬅️', '⬆️ Naik', '♻️ Restore folder ini']);
    await press('⬆️ Naik', new RegExp(`· ${sb.src}\n2 isi`));
    await press('📁 docs', /halaman 1\/2/);
  });

  test('a small file is sent to the chat as a document', async () => {
    await press('📄 note-03.txt', /note-03\.txt\n📦 Snapshot .*\n💾 7 B · 🕑 diubah /);
    const b = s.fake.buttons(messageId).find((x) => x.text === '📤 Kirim ke chat')!;
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, b.data);
    const doc = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendDocument' && c.params.chat_id === ADMIN, 20_000);
    const file = doc.params.document as { file_name: string; content: string };
    assert.equal(file.file_name, 'note-03.txt');
    assert.equal(file.content, 'note 3\n');
  });

  test('a viewer pressing a browse button is refused', async () => {
    const b = s.fake.buttons(messageId).find((x) => x.text === '📤 Kirim ke chat')!;
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, messageId, b.data);
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));
  });

  test('♻️ Restore file ini: the plan and the confirmation name n8n.service; ✅ brings back only that file, with n8n stopped and started', async () => {
    writeFileSync(join(sb.src, 'docs', 'note-03.txt'), 'changed 3\n');
    writeFileSync(join(sb.src, 'docs', 'note-04.txt'), 'changed 4\n');
    const b = s.fake.buttons(messageId).find((x) => x.text === '♻️ Restore file ini')!;
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, messageId, b.data);
    const planMsg = (await s.pendingAfter(ADMIN, from)).messageId;
    const plan = String((await s.editOf(ADMIN, planMsg, notProgress, 20_000)).text);
    assert.match(plan, /📁 Yang dikembalikan: .*\/docs\/note-03\.txt$/m);
    assert.match(plan, /lalu nyalakan lagi setelah selesai: n8n\.service$/m);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, planMsg, s.fake.buttons(planMsg).find((x) => x.text === '♻️ Lanjut restore')!.data);
    const ask = await s.editOf(ADMIN, planMsg, (t) => t.startsWith('Yakin mau me-restore'));
    assert.match(String(ask.text), new RegExp(`^Yakin mau me-restore ${sb.src}/docs/note-03\\.txt dari snapshot ${snapshot} .*service yang dihentikan dulu lalu dinyalakan lagi: n8n\\.service\\)`));
    assert.equal(readFileSync(join(sb.src, 'docs', 'note-03.txt'), 'utf8'), 'changed 3\n', 'nothing before ✅');
    from = s.fake.calls.length;
    s.fake.press(ADMIN, planMsg, s.fake.buttons(planMsg).find((x) => x.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    const done = String((await s.editOf(ADMIN, planMsg, (t) => /Restore dari snapshot/.test(t), 20_000)).text);
    assert.match(done, /✅ n8n\.service: dihentikan selama restore, sekarang aktif lagi/);
    assert.equal(readFileSync(join(sb.src, 'docs', 'note-03.txt'), 'utf8'), 'note 3\n');
    assert.equal(readFileSync(join(sb.src, 'docs', 'note-04.txt'), 'utf8'), 'changed 4\n', 'only the chosen file is restored');
    assert.deepEqual(s.standins.calls('sudo').filter((l) => / (stop|start) -- /.test(l)), ['-n systemctl stop -- n8n.service', '-n systemctl start -- n8n.service']);
  });
});
