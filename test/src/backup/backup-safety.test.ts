import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { listSnapshots } from '@potion/worker';
import { sha256sumCheck, snap } from '../harness/backup-helpers.js';

const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);
const DAY = 86400_000;
const sandboxes: BackupSandbox[] = [];
after(() => sandboxes.forEach((s) => s.cleanup()));
function sandbox(opts: { tmpfsBytes?: number } = {}): BackupSandbox {
  const sb = createBackupSandbox(opts);
  sandboxes.push(sb);
  return sb;
}

/** Names in the snapshots folder other than the lock file. */
const entries = (sb: BackupSandbox) => readdirSync(join(sb.backupDir, 'snapshots')).filter((n) => n !== '.lock').sort();

describe('backup safety checks', () => {
  it('refuses with "HDD belum ter-mount" when HDD_MOUNT is not a mount point, and older snapshots stay whole', async () => {
    const sb = sandbox();
    writeFileSync(join(sb.src, 'a'), 'a');
    const first = await snap(sb, { now: () => T0 });
    await assert.rejects(snap(sb, { now: () => T0 + DAY, mountinfo: sb.mountinfoUnmounted }), (err: Error & { userText?: string; text?: unknown }) => {
      assert.match(err.userText ?? '', /HDD belum ter-mount/);
      assert.match(err.userText ?? '', /jalankan sudo mount -a dan/);
      // In the chat the commands show as code (Telegram HTML).
      assert.match(String(err.text), /jalankan <code>sudo mount -a<\/code> dan pastikan <code>findmnt \S+<\/code> menampilkan HDD/);
      return true;
    });
    assert.deepEqual(entries(sb), ['2026-11-24']);
    sha256sumCheck(first.path);
  });

  it('refuses when BACKUP_DIR is not on the HDD', async () => {
    const sb = sandbox();
    writeFileSync(join(sb.src, 'a'), 'a');
    const onSsd = join(sb.root, 'ssd-backups');
    mkdirSync(onSsd);
    const { snapshotOptions } = await import('../harness/backup-helpers.js');
    const { createSnapshot } = await import('@potion/worker');
    const o = await snapshotOptions(sb, { now: () => T0 });
    await assert.rejects(createSnapshot({ ...o, backupDir: onSsd }), (err: Error & { userText?: string }) => /tidak ada di HDD/.test(err.userText ?? ''));
    assert.equal(existsSync(join(onSsd, 'snapshots')), false);
  });

  it('a real mount point that is too small: refused before writing with the space needed, then a disk that fills up mid-run leaves no partial and older snapshots whole', async (t) => {
    const sb = sandbox({ tmpfsBytes: 6 * 1024 * 1024 });
    if (!sb.realMount) {
      t.skip('cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the mount check is covered with the mountinfo override');
      return;
    }
    writeFileSync(join(sb.src, 'small.bin'), randomBytes(100_000));
    const first = await snap(sb, { now: () => T0 });
    assert.equal(first.name, '2026-11-24');
    writeFileSync(join(sb.src, 'big.bin'), randomBytes(10 * 1024 * 1024));

    await assert.rejects(snap(sb, { now: () => T0 + DAY }), (err: Error & { userText?: string }) => {
      assert.match(err.userText ?? '', /butuh sekitar 1\d,\d MB, tapi sisa ruang cuma [0-5],\d MB/);
      return true;
    });
    assert.deepEqual(entries(sb), ['2026-11-24']);

    // Without the estimate the copy itself runs out of space (ENOSPC from rsync).
    await assert.rejects(snap(sb, { now: () => T0 + DAY, skipSpaceCheck: true }), (err: Error & { userText?: string }) => {
      assert.match(err.userText ?? '', /HDD penuh di tengah backup/);
      assert.match(err.userText ?? '', /butuh sekitar/);
      return true;
    });
    assert.deepEqual(entries(sb), ['2026-11-24'], 'the partial snapshot was removed');
    sha256sumCheck(first.path);
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((s) => s.name), ['2026-11-24']);
  });

  it('a first snapshot is sized before writing: a sparse file larger than the whole HDD is refused up front, not at ENOSPC', async (t) => {
    const sb = sandbox({ tmpfsBytes: 8 * 1024 * 1024 });
    if (!sb.realMount) {
      t.skip('cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)');
      return;
    }
    writeFileSync(join(sb.src, 'small.txt'), 'x');
    // 1 GiB apparent size, almost no blocks in use: rsync -a writes it out in full.
    execFileSync('truncate', ['-s', '1G', join(sb.src, 'sparse.img')]);
    await assert.rejects(snap(sb, { now: () => T0 }), (err: Error & { userText?: string }) => {
      assert.match(err.userText ?? '', /HDD hampir penuh: backup ini butuh sekitar 1,\d GB, tapi sisa ruang cuma [78],\d MB/);
      return true;
    });
    assert.deepEqual(entries(sb), [], 'nothing was written');
  });
});
