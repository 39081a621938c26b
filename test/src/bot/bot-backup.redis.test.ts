import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { hostKeys, openQueue, queueName, settingsFields, texts } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { BACKUP_SCHEDULER_ID, listSnapshots, startWorkerApp, type WorkerApp } from '@potion/worker';
import { Queue } from 'bullmq';
import { sha256sumCheck } from '../harness/backup-helpers.js';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

const BACKUP_MENU = /^💾 Backup ke HDD/;
/** The pending message and its progress edits start with texts.PROCESSING; the result does not. */
const notProgress = (t: string) => !t.startsWith(texts.PROCESSING);

describe('💾 Backup in the bot, end to end (real bot, worker, Redis and rsync; fake Telegram and HDD mount point)', () => {
  let s: BotStack;
  let sb: BackupSandbox;
  let worker: WorkerApp;
  let onceQueue: Queue;
  let backupQueue: Queue;

  before(async () => {
    sb = createBackupSandbox();
    writeFileSync(join(sb.src, 'app.json'), '{"v":1}');
    writeFileSync(join(sb.src, 'notes.txt'), 'hello\n');
    s = await startBotStack({ worker: false, env: { BOT_FLOOD_BURST: '1000', HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src } });
    // The worker runs in this process so the "HDD" can be a mount point through a mountinfo override.
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
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
    backupQueue = openQueue(queueName('backup', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await backupQueue?.close();
    await worker?.stop();
    await s?.stop();
    sb?.cleanup();
  });

  const manualRuns = async () => (await backupQueue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) => j.name === 'backup.run').length;

  async function openBackup(userId: number): Promise<number> {
    const from = s.fake.calls.length;
    s.fake.type(userId, '💾 Backup');
    return (await s.sentAfter(userId, from, (t) => BACKUP_MENU.test(t))).messageId;
  }

  /** Presses a button by its label and returns the pending message's id and the result edited into it. */
  async function pressForResult(userId: number, messageId: number, label: string | RegExp, result: RegExp, timeoutMs = 20_000): Promise<{ messageId: number; text: string }> {
    const b = s.fake.buttons(messageId).find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
    assert.ok(b, `a button ${label} under message ${messageId}: ${JSON.stringify(s.fake.buttons(messageId))}`);
    const from = s.fake.calls.length;
    s.fake.press(userId, messageId, b.data);
    const pending = await s.pendingAfter(userId, from);
    const edit = await s.editOf(userId, pending.messageId, (t) => notProgress(t), timeoutMs);
    assert.match(String(edit.text), result);
    return { messageId: pending.messageId, text: String(edit.text) };
  }

  const lastText = (messageId: number) => String(s.fake.callsOf('editMessageText').filter((c) => c.params.message_id === messageId).at(-1)?.text);

  async function restoreList(userId: number): Promise<number> {
    const menu = await openBackup(userId);
    return (await pressForResult(userId, menu, '📋 Restore list', /^💾 Backup di HDD/)).messageId;
  }

  test('Backup now shows the pending message, then edits that message into the courier summary, and the snapshot is on disk', async () => {
    const menu = await openBackup(ADMIN);
    const r = await pressForResult(ADMIN, menu, '💾 Backup now', /📦 Snapshot \d{4}-\d\d-\d\d/);
    assert.match(r.text, /2 file baru · ✏️ 0 berubah · 🗑️ 0 dihapus/);
    assert.match(r.text, /Sisa HDD/);
    const snaps = await listSnapshots(sb.backupDir);
    assert.equal(snaps.length, 1);
    assert.match(r.text, new RegExp(`Snapshot ${snaps[0]!.name}`));
    assert.equal(readFileSync(join(snaps[0]!.path, 'data', sb.src, 'app.json'), 'utf8'), '{"v":1}');
    sha256sumCheck(snaps[0]!.path);
  });

  test('/backup does the same: a new snapshot with the changed file (the same day\'s older one is pruned by retention)', async () => {
    const first = (await listSnapshots(sb.backupDir))[0]!.name;
    writeFileSync(join(sb.src, 'app.json'), '{"v":2}');
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/backup');
    const pending = await s.pendingAfter(ADMIN, from);
    const edit = await s.editOf(ADMIN, pending.messageId, notProgress, 20_000);
    const text = String(edit.text);
    assert.match(text, /📦 Snapshot .*\n🆕 0 file baru · ✏️ 1 berubah · 🗑️ 0 dihapus/);
    assert.match(text, new RegExp(`🧹 Snapshot lama dibersihkan: ${first}$`, 'm'));
    const snaps = await listSnapshots(sb.backupDir);
    assert.deepEqual(snaps.map((x) => x.name).filter((n) => n === first), [], 'one snapshot per day is kept');
    assert.equal(snaps.length, 1);
    assert.match(text, new RegExp(`Snapshot ${snaps[0]!.name}`));
    assert.equal(readFileSync(join(snaps[0]!.path, 'data', sb.src, 'app.json'), 'utf8'), '{"v":2}');
  });

  test('a second Backup now while one runs answers with its progress and queues nothing', async () => {
    const p = { requestId: 'other', startedAt: Date.now(), percent: 45, label: 'menyalin: 120 file, 3,0 MB', trigger: 'scheduled' };
    await s.conn.set(hostKeys(s.config.hostId).backupRunning, JSON.stringify(p), 'PX', 60_000);
    try {
      const runsBefore = await manualRuns();
      const menu = await openBackup(ADMIN);
      const b = s.fake.buttons(menu).find((x) => x.text === '💾 Backup now')!;
      let from = s.fake.calls.length;
      s.fake.press(ADMIN, menu, b.data);
      assert.equal((await s.sentAfter(ADMIN, from)).call.text, texts.backupBusy(45, 'menyalin: 120 file, 3,0 MB'));
      from = s.fake.calls.length;
      s.fake.type(ADMIN, '/backup');
      assert.equal((await s.sentAfter(ADMIN, from)).call.text, texts.backupBusy(45, 'menyalin: 120 file, 3,0 MB'));
      assert.equal(await manualRuns(), runsBefore);
    } finally {
      await s.conn.del(hostKeys(s.config.hostId).backupRunning);
    }
  });

  test('Restore list shows the snapshot with its buttons, and 🔍 Cek verifies it (then 🔬 Cek penuh)', async () => {
    const [snap] = await listSnapshots(sb.backupDir);
    const name = snap!.name;
    const list = await restoreList(ADMIN);
    const text = lastText(list);
    assert.match(text, new RegExp(`^${name} · [^·]+ · 2 file · ❔ belum dicek$`, 'm'));
    assert.match(text, /Jadwal harian 02:30/);
    assert.deepEqual(s.fake.buttons(list).map((b) => b.text), [`♻️ Restore ${name}`, `🔍 Cek ${name}`, '📂 Buka']);
    const quick = await pressForResult(ADMIN, list, `🔍 Cek ${name}`, new RegExp(`^Checksum snapshot ${name} cocok semua ✅\ncek cepat`));
    await pressForResult(ADMIN, quick.messageId, '🔬 Cek penuh (semua byte)', new RegExp(`^Checksum snapshot ${name} cocok semua ✅\ncek penuh`));
    assert.match(lastText(await restoreList(ADMIN)), new RegExp(`^${name} · .* ✅ cocok \\(full\\)$`, 'm'));
  });

  test('🔍 Verifikasi checksum checks the newest snapshot', async () => {
    const newest = (await listSnapshots(sb.backupDir)).at(-1)!.name;
    const menu = await openBackup(ADMIN);
    await pressForResult(ADMIN, menu, '🔍 Verifikasi checksum', new RegExp(`^Checksum snapshot ${newest} cocok semua ✅`));
  });

  test('a viewer may look at the list but is refused Backup now, restore, verify and the schedule with their id', async () => {
    const list = await restoreList(VIEWER);
    const onceBefore = await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');
    const runsBefore = await manualRuns();
    const menu = await openBackup(VIEWER);
    const presses: Array<[number, string]> = [
      [list, s.fake.buttons(list).find((b) => b.text.startsWith('♻️ Restore'))!.data],
      [list, s.fake.buttons(list).find((b) => b.text.startsWith('🔍 Cek'))!.data],
      ...['💾 Backup now', '⏰ Jadwal', '🔍 Verifikasi checksum', '🧹 Bersihkan snapshot lama'].map((t): [number, string] => [menu, s.fake.buttons(menu).find((b) => b.text === t)!.data]),
      [menu, 'bk:t:0400'],
    ];
    for (const [messageId, data] of presses) {
      const from = s.fake.calls.length;
      s.fake.press(VIEWER, messageId, data);
      assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER), data);
    }
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '/backup');
    assert.equal((await s.sentAfter(VIEWER, from)).call.text, texts.notAllowed(VIEWER));
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action.startsWith('button:bk:r:') && e.outcome === 'refused'));
    assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), onceBefore);
    assert.equal(await manualRuns(), runsBefore);
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), null);
  });

  test('♻️ Restore shows the plan naming the service whose files it writes, then asks for confirmation listing it; ✅ stops it, brings the changed file back, starts it again', async () => {
    const older = (await listSnapshots(sb.backupDir))[0]!.name;
    // n8n works in the backed-up folder (its WorkingDirectory), and runs.
    s.standins.unit('n8n.service', 'active running');
    s.standins.unitPaths('n8n.service', { workingDirectory: sb.src, execStart: ['/usr/bin/node /usr/lib/n8n/bin/n8n start'] });
    writeFileSync(join(sb.src, 'app.json'), '{"v":3,"broken":true}');
    writeFileSync(join(sb.src, 'new.txt'), 'made after the backup\n');
    const list = await restoreList(ADMIN);
    const plan = await pressForResult(ADMIN, list, `♻️ Restore ${older}`, new RegExp(`^♻️ Rencana restore dari snapshot ${older}`));
    assert.match(plan.text, /Service yang aku hentikan dulu, lalu nyalakan lagi setelah selesai: n8n\.service$/m);
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, plan.messageId, s.fake.buttons(plan.messageId).find((b) => b.text === '♻️ Lanjut restore')!.data);
    const askEdit = await s.editOf(ADMIN, plan.messageId, (t) => t.startsWith('Yakin mau me-restore SEMUA file dari snapshot'));
    const ask = { call: askEdit, messageId: plan.messageId };
    assert.match(String(ask.call.text), new RegExp(older));
    assert.match(String(ask.call.text), /service yang dihentikan dulu lalu dinyalakan lagi: n8n\.service\)/);
    assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), 0, 'nothing runs before ✅');
    assert.equal(readFileSync(join(sb.src, 'app.json'), 'utf8'), '{"v":3,"broken":true}');
    assert.equal(s.standins.unitState('n8n.service'), 'active running');
    const yes = s.fake.buttons(ask.messageId).find((b) => b.text.includes('✅'))!;
    from = s.fake.calls.length;
    s.fake.press(ADMIN, ask.messageId, yes.data);
    const { messageId } = await s.pendingAfter(ADMIN, from);
    assert.equal(messageId, ask.messageId, 'the confirmation turns into the pending message');
    // The same message showed the plan and the confirmation before: wait for the result itself.
    const done = await s.editOf(ADMIN, messageId, (t) => notProgress(t) && t.includes('Restore dari snapshot'), 20_000);
    assert.match(String(done.text), new RegExp(`Restore dari snapshot ${older} selesai`));
    assert.match(String(done.text), /Kondisi sebelum restore disimpan di snapshot \S+/);
    assert.match(String(done.text), /✏️ 1 diperbarui · 🗑️ 1 dihapus/);
    assert.match(String(done.text), /✅ n8n\.service: dihentikan selama restore, sekarang aktif lagi/);
    const sudo = s.standins.calls('sudo').filter((l) => / (stop|start) -- n8n/.test(l));
    assert.deepEqual(sudo, ['-n systemctl stop -- n8n.service', '-n systemctl start -- n8n.service']);
    assert.equal(s.standins.unitState('n8n.service'), 'active running');
    assert.equal(readFileSync(join(sb.src, 'app.json'), 'utf8'), '{"v":2}');
    assert.equal(readFileSync(join(sb.src, 'notes.txt'), 'utf8'), 'hello\n');
    assert.equal(existsSync(join(sb.src, 'new.txt')), false, 'a whole restore makes the folder what the snapshot holds');
    const safety = (await listSnapshots(sb.backupDir)).at(-1)!;
    assert.equal(safety.summary.trigger, 'safety');
    assert.match(readFileSync(join(safety.path, 'data', sb.src, 'app.json'), 'utf8'), /broken/);
    // The list now shows both, newest (the safety snapshot) first, each with its buttons.
    const list2 = await restoreList(ADMIN);
    const t = lastText(list2);
    assert.ok(t.indexOf(`${safety.name} · `) < t.indexOf(`${older} · `), t);
    assert.deepEqual(s.fake.buttons(list2).map((b) => b.text), [`♻️ Restore ${safety.name}`, `🔍 Cek ${safety.name}`, '📂 Buka', `♻️ Restore ${older}`, `🔍 Cek ${older}`, '📂 Buka']);
  });

  test('🧹 Bersihkan asks for confirmation, then prunes by the retention rules (the restored snapshot and the safety one both stay)', async () => {
    const before = (await listSnapshots(sb.backupDir)).map((x) => x.name);
    const menu = await openBackup(ADMIN);
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, menu, s.fake.buttons(menu).find((b) => b.text === '🧹 Bersihkan snapshot lama')!.data);
    const ask = await s.sentAfter(ADMIN, from, (t) => t.startsWith('Yakin mau membersihkan snapshot lama (disimpan 14 harian + 8 mingguan'));
    from = s.fake.calls.length;
    s.fake.press(ADMIN, ask.messageId, s.fake.buttons(ask.messageId).find((b) => b.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    const done = await s.editOf(ADMIN, ask.messageId, notProgress);
    assert.match(String(done.text), new RegExp(`Tidak ada yang perlu dihapus\\. Tersimpan ${before.length} snapshot\\.`));
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((x) => x.name), before);
  });

  test('⏰ Jadwal: a preset and a typed time change the daily schedule; a bad typed time is refused and changes nothing', async () => {
    const menu = await openBackup(ADMIN);
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, menu, s.fake.buttons(menu).find((b) => b.text === '⏰ Jadwal')!.data);
    const picker = await s.sentAfter(ADMIN, from, (t) => t.startsWith('⏰ Backup harian sekarang jam 02:30 (Asia/Jakarta)'));
    assert.deepEqual(s.fake.buttons(picker.messageId).map((b) => b.text), ['🕑 01:00', '🕑 02:30', '🕑 04:00', '🕑 23:00', '⌨️ Ketik jam sendiri']);
    await pressForResult(ADMIN, picker.messageId, '🕑 04:00', /Backup harian sekarang jam 04:00 \(Asia\/Jakarta\)/);
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), '04:00');
    assert.equal((await backupQueue.getJobScheduler(BACKUP_SCHEDULER_ID))?.pattern, '0 4 * * *');

    from = s.fake.calls.length;
    s.fake.press(ADMIN, picker.messageId, s.fake.buttons(picker.messageId).find((b) => b.text === '⌨️ Ketik jam sendiri')!.data);
    await s.sentAfter(ADMIN, from, (t) => t.startsWith('Ketik jam backup harian'));
    for (const bad of ['25:99', 'jam 3', '2:3', '\u202E03:20', 'jam\u2066 3\u0007']) {
      from = s.fake.calls.length;
      s.fake.type(ADMIN, bad);
      const refusal = await s.sentAfter(ADMIN, from);
      const text = String(refusal.call.text);
      assert.match(text, /bukan jam yang aku kenal .* Jadwal tidak diubah/, bad);
      assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202A-\u202E\u2066-\u2069\u200E\u200F]/, `nothing invisible echoed back for ${JSON.stringify(bad)}`);
    }
    assert.match(String((await s.sentAfter(ADMIN, from)).call.text), /^"jam 3" bukan jam/, 'the visible rest is shown');
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), '04:00');
    from = s.fake.calls.length;
    s.fake.type(ADMIN, '23:15');
    const pending = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, pending.messageId, (t) => /Backup harian sekarang jam 23:15/.test(t));
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), '23:15');
    assert.equal((await backupQueue.getJobScheduler(BACKUP_SCHEDULER_ID))?.pattern, '15 23 * * *');
    // The time is taken once: the next text is not read as a time.
    from = s.fake.calls.length;
    s.fake.type(ADMIN, '01:00');
    assert.doesNotMatch(String((await s.sentAfter(ADMIN, from)).call.text), /Oke, lagi aku cek/);
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), '23:15');
  });

  test('⚙️ Settings → Set jadwal backup opens the same picker with the current time', async () => {
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '⚙️ Settings');
    const settings = await s.sentAfter(ADMIN, from);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, settings.messageId, s.fake.buttons(settings.messageId).find((b) => b.text.includes('Set jadwal backup'))!.data);
    const current = (await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime)) ?? '02:30';
    const picker = await s.sentAfter(ADMIN, from, (t) => t.startsWith('⏰ Backup harian sekarang jam'));
    assert.match(String(picker.call.text), new RegExp(`jam ${current} `));
    await pressForResult(ADMIN, picker.messageId, '🕑 02:30', /Backup harian sekarang jam 02:30/);
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime), '02:30');
  });
});
