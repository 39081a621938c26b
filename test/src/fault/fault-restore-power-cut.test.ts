import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { listSnapshots } from '@potion/worker';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';
import { auditText, FILES, sentAfter, SLOW, snapshotThenChange, sourceContents, stack, textOf } from '../harness/power-cut-steps.js';

// Issue 21 items 12 and 13: power cuts in the middle of a restore and of its safety snapshot.
describe('fault: power cuts during restores (issue 21)', { timeout: 240_000 }, () => {
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

});
