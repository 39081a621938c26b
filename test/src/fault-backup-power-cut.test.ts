import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { waitFor } from '@potion/testkit';
import { listSnapshots } from '@potion/worker';
import { fillRandom, startBackupPowerStack, type BackupPowerStack } from './backup-power-harness.js';
import { ADMIN, ADMIN2 } from './fault-harness.js';
import { expectOneOutcomePerRequest } from './helpers/one-outcome.js';

// Issue 21 items 9 (part), 11, 12, 13, 14: power cuts (worker, its rsync, bot and Redis killed
// with SIGKILL at once; Redis comes back from its AOF) in the middle of a backup and a restore.
const MiB = 1024 * 1024;
const FILES = 30;
const SIZE = 200_000;
/** KiB/s: the 6 MB of sources take about 4 s to copy. */
const SLOW = 1500;

async function stack(t: TestContext, tmpfsBytes = 64 * MiB): Promise<BackupPowerStack | undefined> {
  const h = await startBackupPowerStack({ tmpfsBytes });
  if (!h) t.skip('needs root to mount a tmpfs as the HDD');
  else t.after(() => h.stop());
  return h;
}

const auditText = (h: BackupPowerStack, what: string) => `${what}; actions.log:\n${readFileSync(h.auditFile, 'utf8')}`;
const textOf = (c: { params: Record<string, unknown> }) => String(c.params.text);

/** A message sent (not edited) to the admin after call index `from`. */
function sentAfter(h: BackupPowerStack, from: number, re: RegExp, timeoutMs = 30_000) {
  return h.s.fake.waitForCall(
    (c) => h.s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200 && re.test(textOf(c)),
    timeoutMs,
    `a message matching ${re}`,
  );
}

function sourceContents(h: BackupPowerStack): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of readdirSync(h.sb.src)) m.set(n, readFileSync(join(h.sb.src, n)).toString('base64'));
  return m;
}

/** A first snapshot at full speed, then every source file rewritten: a restore has it all to copy back. */
async function snapshotThenChange(h: BackupPowerStack): Promise<{ name: string; old: Map<string, string>; changed: Map<string, string> }> {
  fillRandom(h.sb.src, FILES, SIZE);
  const first = await h.backupNow();
  assert.match(textOf(await h.finalEdit(first.messageId, 30_000)), /📦 Snapshot/);
  const old = sourceContents(h);
  fillRandom(h.sb.src, FILES, SIZE);
  const [snap] = await listSnapshots(h.sb.backupDir);
  return { name: snap!.name, old, changed: sourceContents(h) };
}

/** A power cut while the backup copies, a restart (it resumes), a second cut while the resumed run copies, a restart. */
async function cutTwice(h: BackupPowerStack): Promise<void> {
  await waitFor('the first run to be copying', () => h.partialFiles() >= 5, 30_000);
  await h.powerCut();
  const atFirstCut = h.partialFiles();
  await h.powerBack();
  await waitFor('the resumed run to be copying', () => h.rsyncRunning() && h.partialFiles() >= atFirstCut + 5, 40_000);
  await h.powerCut();
  await h.powerBack();
}

describe('fault: power cuts during backups and restores (issue 21)', { timeout: 240_000 }, () => {
  it('item 11: a backup cut twice (once mid-resume) ends with one message that says so and what to do, one audit line, nothing stuck; the next Backup now completes it', async (t) => {
    const h = await stack(t);
    if (!h) return;
    fillRandom(h.sb.src, FILES, SIZE);
    h.pace(SLOW);
    const { messageId, requestId } = await h.backupNow();
    await cutTwice(h);

    const notice = textOf(await h.finalEdit(messageId, 40_000));
    assert.match(notice, /Backup .*terputus/);
    assert.ok(notice.includes(requestId), `names the request: ${notice}`);
    assert.match(notice, /Backup now/, `says what to do: ${notice}`);
    assert.doesNotMatch(notice, /back up to the HDD/, 'no English task name');
    assert.deepEqual(h.audit(requestId), ['interrupted'], auditText(h, 'audit'));
    assert.equal(await h.running(), null, 'no phantom running backup');
    assert.equal(h.finals(messageId).length, 1, 'told once');

    // The next press runs (nothing blocks it) and completes the backup from what was copied.
    h.pace(undefined);
    const next = await h.backupNow();
    const done = textOf(await h.finalEdit(next.messageId, 60_000));
    assert.match(done, /📦 Snapshot .*melanjutkan backup yang sempat terputus/);
    assert.deepEqual(h.audit(next.requestId), ['ok'], auditText(h, 'audit'));
    assert.equal(h.finals(messageId).length, 1, 'still one message for the interrupted request');
    assert.deepEqual(h.audit(requestId), ['interrupted'], auditText(h, 'audit'));
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 11: a scheduled backup cut twice alerts every admin once, with one audit line', async (t) => {
    const h = await stack(t);
    if (!h) return;
    fillRandom(h.sb.src, FILES, SIZE);
    h.pace(SLOW);
    const from = h.s.fake.calls.length;
    await h.s.producer.enqueue('backup.run', { trigger: 'scheduled' }, { requestId: 'sched-cut', by: { kind: 'scheduler', name: 'backup.daily' }, enqueuedAt: Date.now() });
    await cutTwice(h);
    for (const chatId of [ADMIN, ADMIN2]) {
      await h.s.fake.waitForCall(
        (c) => h.s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === chatId && /Backup terjadwal GAGAL[\s\S]*Backup now/.test(textOf(c)),
        40_000,
        `the failed-backup alert in chat ${chatId}`,
      );
    }
    assert.deepEqual(h.audit('sched-cut'), ['interrupted'], auditText(h, 'audit'));
    assert.equal(await h.running(), null);
    // Once per admin: another request through the bot, answered, and still one alert each.
    const next = await h.backupNow();
    h.pace(undefined);
    await h.finalEdit(next.messageId, 60_000);
    for (const chatId of [ADMIN, ADMIN2]) {
      const count: number = h.s.fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === chatId && /Backup terjadwal GAGAL/.test(textOf(c))).length;
      assert.equal(count, 1, `one alert in chat ${chatId}`);
    }
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 14: a backup cut once resumes after the restart: one ok line, one summary, and its time counts the run before the cut', async (t) => {
    const h = await stack(t);
    if (!h) return;
    fillRandom(h.sb.src, FILES, SIZE);
    h.pace(SLOW);
    const { messageId, requestId } = await h.backupNow();
    await waitFor('the first run to be copying for a while', () => h.partialFiles() >= 10, 30_000);
    await h.powerCut();
    h.pace(undefined);
    await h.powerBack();
    const done = textOf(await h.finalEdit(messageId, 60_000));
    assert.match(done, /📦 Snapshot .*melanjutkan backup yang sempat terputus/);
    assert.deepEqual(h.audit(requestId), ['ok'], auditText(h, 'one request, one final line'));
    assert.equal(h.finals(messageId).length, 1);
    const [snap] = await listSnapshots(h.sb.backupDir);
    const summary = JSON.parse(readFileSync(join(snap!.path, 'summary.json'), 'utf8')) as { durationMs: number; startedAt: number; finishedAt: number; files: number };
    assert.equal(summary.files, FILES);
    assert.ok(summary.durationMs > summary.finishedAt - summary.startedAt, `the time before the cut is counted: ${JSON.stringify(summary)}`);
    assert.equal(await h.running(), null);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 9: Redis killed in the middle of a backup for longer than the job lock: the backup runs once, one ok line, one message', async (t) => {
    const h = await stack(t);
    if (!h) return;
    fillRandom(h.sb.src, FILES, SIZE);
    h.pace(SLOW);
    const { messageId, requestId, jobId } = await h.backupNow();
    await waitFor('the backup to be copying', () => h.partialFiles() >= 5, 30_000);
    await h.s.killRedis();
    const killedAt = Date.now();
    // The job's lock (JOB_LOCK_MS 1000, renewed every 500 ms) expires by its own TTL while Redis is away.
    await waitFor('the job lock to have expired', () => Date.now() > killedAt + 2500, 5000);
    await h.s.restartRedis();
    h.pace(undefined);
    const done = textOf(await h.finalEdit(messageId, 60_000));
    assert.match(done, /📦 Snapshot/);
    await waitFor('the worker to notice the stalled job', () => h.s.workerOutput().includes('job stalled'), 30_000);
    await waitFor('the backup job to be completed', async () => (await h.s.producer.queue('backup').getJobState(jobId)) === 'completed', 30_000).catch(async (err: unknown) => {
      throw new Error(`${String(err)} state=${await h.s.producer.queue('backup').getJobState(jobId)} ${h.s.workerOutput().split('\n').filter((l) => !l.includes('"level":30')).join('\n').slice(-6000)}`);
    });
    assert.deepEqual(h.audit(requestId), ['ok'], auditText(h, 'one request, one final audit line'));
    assert.equal(h.finals(messageId).length, 1, 'told once');
    assert.equal((await listSnapshots(h.sb.backupDir)).length, 1, 'one snapshot');
    assert.equal(await h.running(), null);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 12: a restore leaves no running backup behind; Backup now afterwards runs', async (t) => {
    const h = await stack(t);
    if (!h) return;
    const { name, old } = await snapshotThenChange(h);
    const id = await h.s.producer.enqueue('backup.restore', { snapshot: name, stopServices: false }, h.s.meta('restore-ok'), { authorizedAt: Date.now() });
    await waitFor('the restore to finish', async () => (await h.s.producer.queue('once').getJobState(id)) === 'completed', 60_000);
    assert.deepEqual(sourceContents(h), old);
    assert.equal(await h.running(), null, 'potion:backup:running is cleared when the safety snapshot ends');
    const next = await h.backupNow();
    const done = textOf(await h.finalEdit(next.messageId, 60_000));
    assert.match(done, /📦 Snapshot/);
    assert.doesNotMatch(done, /Backup lagi jalan/);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('items 13 and 12: a power cut while the safety snapshot is written: the message says there is none and nothing was restored; start-up clears the running backup', async (t) => {
    const h = await stack(t);
    if (!h) return;
    const { name, changed } = await snapshotThenChange(h);
    h.pace(SLOW);
    const from = h.s.fake.calls.length;
    await h.s.producer.enqueue('backup.restore', { snapshot: name, stopServices: false }, h.s.meta('restore-cut-safety'), { authorizedAt: Date.now() });
    await waitFor('the safety snapshot to be copying', () => h.partialFiles() >= 5, 30_000);
    await h.powerCut();
    h.pace(undefined);
    await h.s.restartRedis();
    await h.s.startWorker();
    // Before the interrupted job is even noticed (the stalled check takes two passes): the
    // worker's start-up already removed the dead run's mark, so "Backup now" is not refused.
    assert.equal(await h.running(), null, 'start-up cleared the running key of the dead safety snapshot');
    await h.s.startBot();
    const notice = textOf(await sentAfter(h, from, /terputus/, 40_000));
    assert.match(notice, new RegExp(`Restore dari snapshot ${name}`));
    assert.match(notice, /snapshot pengaman (belum|tidak) (sempat )?(jadi|selesai)/i, notice);
    assert.match(notice, /belum ada file yang (dikembalikan|diubah)/i, notice);
    assert.doesNotMatch(notice, /restore files from a backup snapshot|bernama tanggal hari ini/);
    assert.deepEqual(sourceContents(h), changed, 'no file was touched');
    assert.deepEqual(h.audit('restore-cut-safety'), ['started', 'interrupted'], auditText(h, 'audit'));
    assert.equal(await h.running(), null);
    const next = await h.backupNow();
    assert.doesNotMatch(textOf(await h.finalEdit(next.messageId, 60_000)), /Backup lagi jalan/);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 13: a power cut in the middle of the restore: the message names the safety snapshot, says some files are restored and some not, and what to do', async (t) => {
    const h = await stack(t);
    if (!h) return;
    const { name, old } = await snapshotThenChange(h);
    h.pace(SLOW);
    const from = h.s.fake.calls.length;
    await h.s.producer.enqueue('backup.restore', { snapshot: name, stopServices: false }, h.s.meta('restore-cut-mid'), { authorizedAt: Date.now() });
    await waitFor(
      'the restore to have copied a few files back',
      async () => (await listSnapshots(h.sb.backupDir)).length === 2 && h.rsyncRunning('--checksum') && [...sourceContents(h)].filter(([k, v]) => old.get(k) === v).length >= 3,
      60_000,
    );
    await h.powerCut();
    const restored = [...sourceContents(h)].filter(([k, v]) => old.get(k) === v).length;
    assert.ok(restored < FILES, 'cut before the end of the restore');
    h.pace(undefined);
    await h.powerBack();
    const safety = (await listSnapshots(h.sb.backupDir)).map((s) => s.name).find((n) => n !== name)!;
    const notice = textOf(await sentAfter(h, from, /terputus/, 40_000));
    assert.match(notice, new RegExp(`Restore dari snapshot ${name}`));
    assert.ok(notice.includes(`snapshot pengaman ${safety}`), `names the safety snapshot ${safety}: ${notice}`);
    assert.match(notice, /sebagian file sudah/i, notice);
    assert.doesNotMatch(notice, /restore files from a backup snapshot|bernama tanggal hari ini/);
    assert.deepEqual(h.audit('restore-cut-mid'), ['started', 'interrupted'], auditText(h, 'audit'));
    assert.equal(await h.running(), null);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });

  it('item 14: a HDD too small for the backup: the message says what to do instead of retrying, without a double period', async (t) => {
    const h = await stack(t, 3 * MiB);
    if (!h) return;
    fillRandom(h.sb.src, FILES, SIZE);
    const { messageId, requestId } = await h.backupNow();
    const text = textOf(await h.finalEdit(messageId, 30_000));
    assert.match(text, /HDD hampir penuh/);
    assert.match(text, /hapus snapshot lama/);
    assert.doesNotMatch(text, /(?<!\.)\.\.(?!\.)/, text);
    assert.doesNotMatch(text, /Coba ulang/, text);
    assert.deepEqual(h.audit(requestId), ['failed'], auditText(h, 'audit'));
    assert.equal(await h.running(), null);
    await expectOneOutcomePerRequest({ actionsLog: h.auditFile, fakeApi: h.s.fake, redis: h.s.conn });
  });
});
