import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { texts } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';
import { sha256sumCheck } from '../harness/backup-helpers.js';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';
import { writeRcloneConf } from '../harness/offsite-helpers.js';

const BACKUP_MENU = /^💾 Backup ke HDD/;
const OFFSITE_BUTTON = '☁️ Kirim off-site sekarang';

describe('☁️ Kirim off-site sekarang in 💾 Backup, end to end (real bot, worker, Redis and rclone; fake Telegram)', () => {
  let s: BotStack;
  let sb: BackupSandbox;
  let worker: WorkerApp;
  let dir: string;

  before(async () => {
    sb = createBackupSandbox();
    dir = mkdtempSync(join(tmpdir(), 'potion-bot-offsite-'));
    writeRcloneConf(join(dir, 'rclone.conf'));
    writeFileSync(join(sb.src, 'app.json'), '{"v":1}');
    s = await startBotStack({
      worker: false,
      env: { BOT_FLOOD_BURST: '1000', HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src, OFFSITE_REMOTE: `loc:${join(dir, 'remote')}`, OFFSITE_RCLONE_CONFIG: join(dir, 'rclone.conf') },
    });
    const procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    worker = await startWorkerApp({ config: s.config, log: createLogger({ name: 'worker', logDir: undefined, level: 'warn', stdout: false }), redisUrl: s.redis.url, runner: createRunner(), procRoot });
  });
  after(async () => {
    await worker?.stop();
    await s?.stop();
    sb?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openBackup(userId: number): Promise<number> {
    const from = s.fake.calls.length;
    s.fake.type(userId, '💾 Backup');
    return (await s.sentAfter(userId, from, (t) => BACKUP_MENU.test(t))).messageId;
  }

  async function press(userId: number, messageId: number, label: string): Promise<number> {
    const b = s.fake.buttons(messageId).find((x) => x.text === label);
    assert.ok(b, `a button ${label}: ${JSON.stringify(s.fake.buttons(messageId))}`);
    const from = s.fake.calls.length;
    s.fake.press(userId, messageId, b.data);
    return from;
  }

  test('the admin presses it: no confirmation, the pending message becomes the courier result with the rclone check', async () => {
    let menu = await openBackup(ADMIN);
    let from = await press(ADMIN, menu, '💾 Backup now');
    let pending = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, pending.messageId, (t) => /📦 Snapshot/.test(t), 30_000);
    menu = await openBackup(ADMIN);
    from = await press(ADMIN, menu, OFFSITE_BUTTON);
    pending = await s.pendingAfter(ADMIN, from);
    const edit = await s.editOf(ADMIN, pending.messageId, (t) => !t.startsWith(texts.PROCESSING), 30_000);
    const text = String(edit.text);
    assert.match(text, /^Beres! ✅/);
    assert.match(text, /sudah ada di off-site/);
    assert.match(text, /✅ rclone check: \d+ file cocok/);
    sha256sumCheck(join(dir, 'remote', 'latest'));
  });

  test('a viewer sees the button but is refused', async () => {
    const menu = await openBackup(VIEWER);
    const from = await press(VIEWER, menu, OFFSITE_BUTTON);
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));
    const read = await worker.deps.producer.queue('read').getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    const asked = read.filter((j) => j.name === 'offsite.run' && (j.data as { meta: { by: { kind: string } } }).meta.by.kind === 'telegram');
    assert.equal(asked.length, 1, "only the admin's run was queued (besides the weekly scheduler's)");
  });
});
