import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { pickSample, restoreTest } from '@potion/worker';
import { rot, runner, snap } from '../harness/backup-helpers.js';

describe('restore test of a snapshot (real rsync and files)', () => {
  let sb: BackupSandbox;
  before(() => {
    sb = createBackupSandbox();
    for (let i = 0; i < 12; i++) writeFileSync(join(sb.src, `file-${i}.txt`), `content of file ${i}\n`.repeat(50 + i));
    writeFileSync(join(sb.src, 'naïve name\nwith newline.txt'), 'odd name');
  });
  after(() => sb?.cleanup());

  it('restores every sampled file and finds them all matching the manifest', async () => {
    const out = await snap(sb);
    const r = await restoreTest({ snapshotPath: out.path, sample: 1000, scratchDir: sb.backupDir, runner });
    assert.deepEqual({ ok: r.ok, sampled: r.sampled, failed: r.failed, error: r.error }, { ok: true, sampled: 13, failed: [], error: undefined });
    assert.deepEqual(readdirSync(sb.backupDir).filter((n) => n.startsWith('.restore-test')), [], 'the scratch folder is removed');
  });

  it('files beyond the byte budget are passed over, so a huge file does not make the test long', async () => {
    const out = await snap(sb);
    const r = await restoreTest({ snapshotPath: out.path, sample: 1000, maxBytes: 1200, scratchDir: sb.backupDir, runner });
    assert.equal(r.ok, true);
    assert.ok(r.sampled >= 1 && r.sampled < 13, `sampled ${r.sampled}`);
  });

  it('catches a file that rotted inside the snapshot (same size and mtime, other bytes)', async () => {
    const out = await snap(sb);
    const victim = join(out.path, 'data', sb.src, 'file-3.txt');
    rot(victim);
    const r = await restoreTest({ snapshotPath: out.path, sample: 1000, scratchDir: sb.backupDir, runner });
    assert.equal(r.ok, false);
    assert.equal(r.sampled, 13);
    assert.deepEqual(r.failed, [join(sb.src, 'file-3.txt').slice(1)]);
  });

  it('a broken manifest is reported as an error, not thrown', async () => {
    const r = await restoreTest({ snapshotPath: join(sb.root, 'nope'), sample: 5, scratchDir: sb.backupDir, runner });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /ENOENT|no such file/i);
  });

  it('the sample is random but never larger than asked or than the files there are', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = pickSample(items, 20);
    assert.equal(a.length, 20);
    assert.equal(new Set(a).size, 20);
    assert.equal(pickSample(items, 500).length, 100);
    assert.deepEqual(pickSample(items, 3, () => 0), [0, 1, 2]);
  });
});
