import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { listSnapshots } from '@potion/worker';
import { fillRandom } from '../harness/backup-power-harness.js';
import { ADMIN, ADMIN2 } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';
import { auditText, cutTwice, FILES, MiB, SIZE, SLOW, stack, textOf } from '../harness/power-cut-steps.js';

// Issue 21 items 9 (part), 11 and 14: power cuts and a Redis outage in the middle of a backup.
// The restores are in fault-restore-power-cut.test.ts (one file each, so each stays well inside
// the runner's per-file time on a loaded machine).
describe('fault: power cuts during backups (issue 21)', { timeout: 240_000 }, () => {
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
