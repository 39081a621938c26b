import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { jobs } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, waitFor, type BackupSandbox } from '@potion/testkit';
import { listSnapshots, startWorkerApp, type WorkerApp } from '@potion/worker';
import { rot } from '../harness/backup-helpers.js';
import { ADMIN, ADMIN2, startBotStack, type BotStack } from '../harness/bot-stack.js';

/**
 * backup.run as the 💾 Backup menu enqueues it (the menu itself is wired elsewhere), with the
 * answer delivered by the real bot to the fake Bot API. The worker runs in this process so it
 * can read the sandbox's mountinfo (the "HDD" is a plain folder).
 */
describe('restore-tested backups, delivered by the bot (real bot, worker, rsync and Redis; fake Telegram)', () => {
  let sb: BackupSandbox;
  let s: BotStack;
  let worker: WorkerApp;
  let seq = 0;

  before(async () => {
    sb = createBackupSandbox();
    for (let i = 0; i < 8; i++) writeFileSync(join(sb.src, `doc-${i}.txt`), `isi dokumen ${i}\n`.repeat(40));
    s = await startBotStack({
      worker: false,
      env: { HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src, BACKUP_RESTORE_TEST_FILES: '1000' },
    });
    const procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    worker = await startWorkerApp({
      config: s.config,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'silent', stdout: false }),
      redisUrl: s.redis.url,
      runner: createRunner({ env: { ...process.env, ...s.standins.env } }),
      procRoot,
      schedules: false,
    });
  });
  after(async () => {
    await worker?.stop();
    await s?.stop();
    sb?.cleanup();
  });

  /** Enqueues a manual backup for ADMIN and waits until it finished. */
  async function backupNow(): Promise<void> {
    seq += 1;
    const id = await s.producer.enqueue('backup.run', { trigger: 'manual' }, { requestId: `bk${seq}`, by: { kind: 'telegram', userId: ADMIN }, chatId: ADMIN, enqueuedAt: Date.now() });
    const q = s.producer.queue(jobs['backup.run'].queue);
    await waitFor('the backup to finish', async () => ((await q.getJobState(id)) === 'completed' ? true : undefined), 20_000);
  }

  test('a good backup says "terverifikasi + uji restore OK" and arrives without a sound', async () => {
    const from = s.fake.calls.length;
    await backupNow();
    const { call } = await s.sentAfter(ADMIN, from, (t) => t.includes('Snapshot'));
    assert.match(String(call.text), /✅ Terverifikasi \+ uji restore OK \(8 file acak dikembalikan & sha256-nya cocok\)/);
    assert.equal(call.params.disable_notification, true);
  });

  test('a file that rotted on the HDD is caught: the result rings with ⚠️ and what to do, and the other admin is alerted', async () => {
    // Bit rot in the newest snapshot: the next backup hard-links the unchanged file to it.
    const [latest] = (await listSnapshots(sb.backupDir)).slice(-1);
    assert.ok(latest);
    rot(join(latest.path, 'data', sb.src, 'doc-5.txt'));
    const from = s.fake.calls.length;
    await backupNow();
    const { call } = await s.sentAfter(ADMIN, from, (t) => t.includes('Snapshot'));
    const text = String(call.text);
    assert.match(text, /⚠️ Uji restore GAGAL: 1 dari 8 file hasil restore TIDAK cocok dengan checksum-nya:/);
    assert.match(text, /doc-5\.txt/);
    assert.match(text, /Yang aman dilakukan: jalankan 💾 Backup → Verify/);
    assert.doesNotMatch(text, /uji restore OK/);
    assert.notEqual(call.params.disable_notification, true, 'a failure rings');
    const alert = await s.sentAfter(ADMIN2, from, (t) => t.startsWith('🚨 Backup'));
    assert.match(String(alert.call.text), /uji restore-nya gagal[\s\S]*doc-5\.txt[\s\S]*JANGAN hapus snapshot lama/);
    assert.equal(s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && String(c.text).startsWith('🚨')).length, 0, 'the admin who asked reads it once, in the result');
  });
});
