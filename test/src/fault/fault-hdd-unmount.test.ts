import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Runner } from '@potion/adapters';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { createSnapshot, listSnapshots, UserFacingError, verifySnapshot } from '@potion/worker';
import { runner, sha256sumCheck, snap, snapshotOptions } from '../harness/backup-helpers.js';

const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);
const DAY = 86400_000;

/**
 * The sandbox's HDD as something that can really be pulled out and plugged back: as root a
 * bind mount of `disk/` on `hdd/` (pulled with `umount -l`, as the kernel does to a disk that
 * disappears under open files; the real /proc/self/mountinfo says whether it is mounted),
 * else `hdd/` renamed away with an empty folder left in its place and the mountinfo
 * override switched to "unmounted". Either way, a process already writing inside keeps its
 * open folders, and every new path under `hdd/` lands on the SSD's empty mount point.
 */
interface Pluggable {
  mountinfo: string;
  real: boolean;
  unplug: () => void;
  plugBack: () => void;
  cleanup: () => void;
}

function pluggableHdd(sb: BackupSandbox): Pluggable {
  const disk = join(sb.root, 'disk');
  renameSync(sb.hdd, disk);
  mkdirSync(sb.hdd);
  const mount = () => execFileSync('mount', ['--bind', disk, sb.hdd], { stdio: 'pipe' });
  let mounted = false;
  try {
    mount();
    mounted = true;
  } catch {
    // Not root: fall back to the rename below.
  }
  if (mounted) {
    return {
      mountinfo: '/proc/self/mountinfo',
      real: true,
      unplug: () => {
        execFileSync('umount', ['-l', sb.hdd], { stdio: 'pipe' });
        mounted = false;
      },
      plugBack: () => {
        mount();
        mounted = true;
      },
      cleanup: () => {
        if (mounted) execFileSync('umount', ['-l', sb.hdd], { stdio: 'pipe' });
        sb.cleanup();
      },
    };
  }
  rmdirSync(sb.hdd);
  renameSync(disk, sb.hdd);
  const mountinfo = join(sb.root, 'mountinfo.now');
  writeFileSync(mountinfo, readFileSync(sb.mountinfo));
  return {
    mountinfo,
    real: false,
    unplug: () => {
      renameSync(sb.hdd, disk);
      mkdirSync(sb.hdd);
      writeFileSync(mountinfo, readFileSync(sb.mountinfoUnmounted));
    },
    plugBack: () => {
      rmdirSync(sb.hdd);
      renameSync(disk, sb.hdd);
      writeFileSync(mountinfo, readFileSync(sb.mountinfo));
    },
    cleanup: () => sb.cleanup(),
  };
}

/** rsync slowed down so that the copy takes a few seconds. */
const slow: Runner = (cmd, args, opts) => (cmd === 'rsync' && !args.includes('--version') ? runner(cmd, ['--bwlimit=3000', ...args], opts) : runner(cmd, args, opts));

// No one-outcome property check: no fault stack here (createSnapshot called in this process, no worker, bot or audit).
describe('fault: the HDD is unmounted in the middle of a backup (issue 9, item 7)', () => {
  it('the run fails with a clear message naming the HDD, leaves no snapshot on the SSD or listed as complete, older snapshots intact, and the next run after the HDD is back succeeds', async () => {
    const sb = createBackupSandbox();
    const hdd = pluggableHdd(sb);
    after(() => hdd.cleanup());

    writeFileSync(join(sb.src, 'first.txt'), 'before');
    const first = await snap(sb, { now: () => T0, mountinfo: hdd.mountinfo });
    for (let d = 0; d < 10; d += 1) {
      mkdirSync(join(sb.src, `d${d}`));
      for (let f = 0; f < 40; f += 1) writeFileSync(join(sb.src, `d${d}`, `f${f}.bin`), randomBytes(30_000));
    }

    let pulledAt: string | undefined;
    const opts = await snapshotOptions(sb, { now: () => T0 + DAY, mountinfo: hdd.mountinfo });
    const run = createSnapshot({
      ...opts,
      runner: slow,
      onProgress: (pct, label) => {
        // Pull the HDD out as soon as rsync has copied something.
        if (pulledAt === undefined && label.startsWith('menyalin') && pct > 0) {
          pulledAt = label;
          hdd.unplug();
        }
      },
    });
    const err = await run.then(
      (ok) => assert.fail(`the backup reported success: ${ok.name}`),
      (e: unknown) => e,
    );
    assert.ok(pulledAt, 'the HDD was pulled while rsync was copying');
    assert.ok(err instanceof UserFacingError, `a message for the user, not a crash: ${String(err)}`);
    assert.match(err.message, /HDD/);
    assert.ok(err.message.includes(sb.hdd), `names the HDD mount point: ${err.message}`);
    assert.match(err.message, /terlepas|tidak ter-mount/);
    assert.match(err.message, /snapshot lama aman/);
    // Nothing was written on the SSD under the empty mount point.
    assert.deepEqual(readdirSync(sb.hdd), [], 'the empty mount point stays empty (no backup on the SSD)');

    hdd.plugBack();
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((s) => s.name), ['2026-11-24'], 'nothing half-written is listed');
    sha256sumCheck(first.path);
    assert.equal((await verifySnapshot({ path: first.path, mode: 'full' })).ok, true);

    const next = await snap(sb, { now: () => T0 + DAY, mountinfo: hdd.mountinfo });
    assert.equal(next.name, '2026-11-25');
    assert.equal(next.summary.files, 401);
    sha256sumCheck(next.path);
    sha256sumCheck(first.path);
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((s) => s.name), ['2026-11-24', '2026-11-25']);
    assert.deepEqual(readdirSync(join(sb.backupDir, 'snapshots')).filter((n) => n.startsWith('.partial-')), []);
    assert.equal(existsSync(join(sb.backupDir, 'snapshots', '.lock')), false);
  });
});
