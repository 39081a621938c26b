import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import { keys, settingsFields, type JobMeta, type JobName, type JobData, type OutboxMessage } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, createStandins, startTestRedis, testConfig, waitFor, type BackupSandbox, type Standins, type TestRedis } from '@potion/testkit';
import { BACKUP_SCHEDULER_ID, catchUpBackup, lastDueTime, listSnapshots, startWorkerApp, type WorkerApp } from '@potion/worker';
import { sha256sumCheck } from '../harness/backup-helpers.js';

const ADMINS = [1001, 1002];

describe('backup jobs through the worker', () => {
  let redis: TestRedis;
  let sb: BackupSandbox;
  let standins: Standins;
  let app: WorkerApp;
  let procRoot: string;
  let seq = 0;

  before(async () => {
    redis = await startTestRedis();
    sb = createBackupSandbox();
    standins = createStandins();
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'inactive dead');
    procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    const config = testConfig({
      HDD_MOUNT: sb.hdd,
      BACKUP_DIR: sb.backupDir,
      BACKUP_SOURCES: sb.src,
      BACKUP_STOP_SERVICES: 'n8n.service,cloudflared.service',
      ADMIN_IDS: ADMINS.join(','),
      REDIS_URL: redis.url,
    });
    app = await startWorkerApp({
      config,
      log: createLogger({ name: 'test', logDir: undefined, level: 'warn', stdout: false }),
      redisUrl: redis.url,
      runner: createRunner({ env: { ...process.env, ...standins.env } }),
      procRoot,
    });
  });
  after(async () => {
    await app?.stop();
    await redis?.stop();
    sb?.cleanup();
    standins?.cleanup();
  });

  const meta = (chatId: number | undefined = 1001): JobMeta => {
    seq += 1;
    return chatId === undefined
      ? { requestId: `sched-${seq}`, by: { kind: 'scheduler', name: BACKUP_SCHEDULER_ID }, enqueuedAt: Date.now() }
      : { requestId: `req-${seq}`, by: { kind: 'telegram', userId: chatId }, chatId, enqueuedAt: Date.now() };
  };

  async function run<N extends JobName>(name: N, payload: JobData<N>, m: JobMeta = meta()): Promise<{ state: string; id: string; m: JobMeta }> {
    // A mutating job (restore) goes in signed, as the bot puts it after the admin's ✅.
    const id = await app.deps.producer.enqueue(name, payload, m, (await import('@potion/jobs')).jobs[name].mutates ? { authorizedAt: Date.now() } : {});
    const q = app.deps.producer.queue((await import('@potion/jobs')).jobs[name].queue);
    const state = await waitFor(`${name} to finish`, async () => {
      const s = await q.getJobState(id);
      return s === 'completed' || s === 'failed' ? s : undefined;
    }, 30_000);
    return { state, id, m };
  }

  async function outbox(): Promise<OutboxMessage[]> {
    const jobs = await app.deps.producer.queue('notify').getJobs(['waiting', 'prioritized', 'delayed', 'completed']);
    return jobs.map((j) => (j.data as { payload: OutboxMessage }).payload);
  }
  const resultFor = async (chatId: number, needle: RegExp) => waitFor(`a result matching ${needle}`, async () => (await outbox()).find((m) => m.chatId === chatId && m.kind === 'result' && needle.test(m.text)), 5000);

  it('Backup now writes a snapshot and answers with the courier summary; a request that waited behind it is not run twice', async () => {
    writeFileSync(join(sb.src, 'app.json'), '{"v":1}');
    writeFileSync(join(sb.src, '.env'), 'BOT_TOKEN=secret');
    const first = run('backup.run', { trigger: 'manual' });
    const second = run('backup.run', { trigger: 'manual' });
    assert.equal((await first).state, 'completed');
    assert.equal((await second).state, 'completed');
    const msg = await resultFor(1001, /Snapshot \d{4}-\d\d-\d\d/);
    assert.match(msg.text, /Beres! ✅/);
    assert.match(msg.text, /1 file baru · ✏️ 0 berubah · 🗑️ 0 dihapus/);
    assert.match(msg.text, /Sisa HDD/);
    assert.match(msg.text, /Durasi/);
    await resultFor(1001, /barusan sudah jalan/);
    assert.equal((await listSnapshots(sb.backupDir)).length, 1);
    sha256sumCheck((await listSnapshots(sb.backupDir))[0]!.path);
    const lastOk = JSON.parse((await app.deps.redis.get(app.deps.keys.backupLastOk)) ?? '{}') as { result?: { files?: number } };
    assert.equal(lastOk.result?.files, 1, '.env is not in the backup');
  });

  it('the list shows the snapshot with size, file count and verified state, and verify marks it', async () => {
    await run('backup.list', {});
    let msg = await resultFor(1001, /💾 Backup di HDD/);
    assert.match(msg.text, /1 file · ❔ belum dicek/);
    assert.match(msg.text, /Jadwal harian 02:30/);
    await run('backup.verify', { mode: 'full' });
    await resultFor(1001, /cocok semua ✅/);
    await run('backup.list', {});
    msg = await waitFor('the list with the verified mark', async () => (await outbox()).filter((m) => /💾 Backup di HDD/.test(m.text)).find((m) => /✅ cocok \(full\)/.test(m.text)), 5000);
    assert.ok(msg);
  });

  it('restore takes a safety snapshot, stops and starts the running whitelisted service, and brings the file back', async () => {
    writeFileSync(join(sb.src, 'app.json'), '{"v":2,"broken":true}');
    const [snap] = await listSnapshots(sb.backupDir);
    const r = await run('backup.restore', { snapshot: snap!.name, stopServices: true });
    assert.equal(r.state, 'completed');
    assert.equal(readFileSync(join(sb.src, 'app.json'), 'utf8'), '{"v":1}');
    assert.equal(readFileSync(join(sb.src, '.env'), 'utf8'), 'BOT_TOKEN=secret', 'the secret that was never backed up is left alone');
    const msg = await resultFor(1001, /Restore dari snapshot/);
    assert.match(msg.text, /snapshot pengaman|Kondisi sebelum restore disimpan di snapshot \S+/);
    assert.match(msg.text, /✅ n8n.service: dihentikan selama restore, sekarang aktif lagi/);
    assert.match(msg.text, /cloudflared.service: tidak sedang jalan/);
    assert.doesNotMatch(msg.text, /Tidak dikembalikan/);
    const sudo = standins.calls('sudo');
    assert.ok(sudo.indexOf('-n systemctl stop -- n8n.service') < sudo.indexOf('-n systemctl start -- n8n.service'), sudo.join(' | '));
    assert.equal(standins.unitState('n8n.service'), 'active running');
    const snaps = await listSnapshots(sb.backupDir);
    assert.equal(snaps.length, 2);
    assert.equal(snaps[1]!.summary.trigger, 'safety');
    assert.match(readFileSync(join(snaps[1]!.path, 'data', sb.src, 'app.json'), 'utf8'), /broken/, 'the safety snapshot holds the state before the restore');
  });

  it('a second backup while one runs says so and shows its progress', async () => {
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lock = join(sb.backupDir, 'snapshots', '.lock');
    try {
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, what: 'backup manual', at: Date.now() }));
      const p = { requestId: 'other-run', startedAt: Date.now(), percent: 45, label: 'menyalin: 120 file, 3,0 MB', trigger: 'manual' };
      await app.deps.redis.set(app.deps.keys.backupRunning, JSON.stringify(p), 'PX', 60_000);
      const r = await run('backup.run', { trigger: 'manual' });
      assert.equal(r.state, 'failed');
      const msg = await resultFor(1001, /Backup lagi jalan nih/);
      assert.match(msg.text, /45%/);
      assert.match(msg.text, /menyalin: 120 file/);
      assert.equal((await listSnapshots(sb.backupDir)).length, 2, 'nothing new was written');
    } finally {
      holder.kill('SIGKILL');
      rmSync(lock, { force: true });
      await app.deps.redis.del(app.deps.keys.backupRunning);
    }
  });

  it('a failed scheduled backup alerts every admin', async () => {
    writeFileSync(join(procRoot, 'self', 'mountinfo'), readFileSync(sb.mountinfoUnmounted));
    try {
      const r = await run('backup.run', { trigger: 'scheduled' }, meta(undefined));
      assert.equal(r.state, 'failed');
      for (const chatId of ADMINS) {
        const alert = await waitFor(`an alert for ${chatId}`, async () => (await outbox()).find((m) => m.chatId === chatId && m.kind === 'alert' && /Backup terjadwal GAGAL/.test(m.text)), 5000);
        assert.match(alert.text, /HDD belum ter-mount/);
      }
    } finally {
      copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    }
  });

  it('Backup now on an unmounted HDD answers with the refusal and its fix, each sentence ending once ("fstab." not "fstab..")', async () => {
    writeFileSync(join(procRoot, 'self', 'mountinfo'), readFileSync(sb.mountinfoUnmounted));
    try {
      const r = await run('backup.run', { trigger: 'manual' });
      assert.equal(r.state, 'failed');
      const msg = await resultFor(1001, /HDD belum ter-mount/);
      assert.match(msg.text, /cek baris UUID di \/etc\/fstab\. /);
      assert.doesNotMatch(msg.text, /\w\.\.\s/, 'no sentence ends with two periods');
    } finally {
      copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    }
  });

  it('the daily time is changed in the settings hash and in the job scheduler', async () => {
    const before = await app.deps.producer.queue('backup').getJobScheduler(BACKUP_SCHEDULER_ID);
    assert.equal(before?.pattern, '30 2 * * *');
    assert.equal(before?.tz, 'Asia/Jakarta');
    await run('backup.schedule', { time: '03:15' });
    assert.equal(await app.deps.redis.hget(app.deps.keys.settings, settingsFields.backupTime), '03:15');
    const s = await app.deps.producer.queue('backup').getJobScheduler(BACKUP_SCHEDULER_ID);
    assert.equal(s?.pattern, '15 3 * * *');
    await resultFor(1001, /Backup harian sekarang jam 03:15/);
  });

  it('exactly one catch-up backup after the laptop was off at the scheduled time', async () => {
    const { redis: r, keys: hk, producer, config } = app.deps;
    await r.hset(hk.settings, settingsFields.backupTime, '02:30');
    const now = Date.now();
    const due = lastDueTime(now, '02:30', 'Asia/Jakarta');
    await r.hset(hk.settings, settingsFields.backupScheduleSince, String(due - 3 * 86400_000));
    // The last good backup was the day before the missed 02:30.
    const real = JSON.parse((await r.get(hk.backupLastOk)) ?? '{}') as Record<string, unknown>;
    assert.ok(real.result, 'an earlier test left a real last-ok record');
    await r.set(hk.backupLastOk, JSON.stringify({ ...real, startedAt: due - 86400_000 - 1000, finishedAt: due - 86400_000 }));
    const first = await catchUpBackup(r, hk, producer, config, now);
    const second = await catchUpBackup(r, hk, producer, config, now + 1000);
    assert.equal(first.enqueued, true, first.reason);
    assert.equal(second.enqueued, false, 'a second worker start does not add another');
    const job = await producer.queue('backup').getJob(first.jobId!);
    assert.equal((job?.data as { payload: { trigger: string } }).payload.trigger, 'catch-up');
    await waitFor('the catch-up backup to finish', async () => ((await producer.queue('backup').getJobState(first.jobId!)) === 'completed' ? true : undefined), 30_000);
    const third = await catchUpBackup(r, hk, producer, config, now + 2000);
    assert.equal(third.enqueued, false);
    assert.match(third.reason, /backed up since|already queued/);

    await r.hset(hk.settings, settingsFields.backupScheduleSince, String(now));
    await r.del(hk.backupLastOk);
    const fresh = await catchUpBackup(r, hk, producer, config, now + 3000);
    assert.equal(fresh.enqueued, false, 'a fresh install does not back up at once');
  });
});
