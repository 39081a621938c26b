import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { listSnapshots, readManifest, restoreSnapshot, SNAPSHOT_FILES, verifySnapshot } from '@potion/worker';
import { assertManifestMatchesDisk, describeTree, runner, sha256sumCheck, snap, snapshotDirs, snapshotOptions } from '../harness/backup-helpers.js';

const DAY = 86400_000;
// 2026-11-24 10:00 in Jakarta (UTC+7).
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);

const sandboxes: BackupSandbox[] = [];
function sandbox(opts: { tmpfsBytes?: number } = {}): BackupSandbox {
  const sb = createBackupSandbox(opts);
  sandboxes.push(sb);
  return sb;
}
after(() => sandboxes.forEach((s) => s.cleanup()));

function write(root: string, rel: string | Buffer, data: string | Buffer): string {
  const p = typeof rel === 'string' ? join(root, rel) : Buffer.concat([Buffer.from(`${root}/`), rel]).toString('latin1');
  writeFileSync(typeof rel === 'string' ? p : Buffer.concat([Buffer.from(`${root}/`), rel]), data);
  return p;
}

describe('backup snapshots', () => {
  it('a second backup hard-links unchanged files to the first, and sha256sum -c accepts both', async () => {
    const sb = sandbox();
    mkdirSync(join(sb.src, 'dir'));
    write(sb.src, 'a.txt', 'version one');
    write(sb.src, 'dir/b.bin', randomBytes(200_000));
    write(sb.src, 'c.txt', 'to be deleted');
    write(sb.src, '.env', 'BOT_TOKEN=123456789:secret');
    write(sb.src, '.env.example', 'BOT_TOKEN=');
    mkdirSync(join(sb.src, 'node_modules'));
    write(sb.src, 'node_modules/x.js', 'x');

    const one = await snap(sb, { now: () => T0 });
    assert.equal(one.name, '2026-11-24');
    assert.equal(one.summary.status, 'ok');
    write(sb.src, 'a.txt', 'version two, longer');
    rmSync(join(sb.src, 'c.txt'));
    write(sb.src, 'new.txt', 'brand new');
    const two = await snap(sb, { now: () => T0 + DAY });
    assert.equal(two.name, '2026-11-25');

    const d1 = join(one.path, 'data', sb.src);
    const d2 = join(two.path, 'data', sb.src);
    assert.equal(statSync(join(d1, 'dir/b.bin')).ino, statSync(join(d2, 'dir/b.bin')).ino, 'unchanged file shares its inode');
    assert.notEqual(statSync(join(d1, 'a.txt')).ino, statSync(join(d2, 'a.txt')).ino, 'changed file is a new copy');
    sha256sumCheck(one.path);
    sha256sumCheck(two.path);

    assert.equal(two.summary.newFiles, 1);
    assert.equal(two.summary.changedFiles, 1);
    assert.equal(two.summary.deletedFiles, 1);
    assert.equal(two.summary.previous, '2026-11-24');
    // Hashing cost follows the changed bytes: only a.txt and new.txt were read.
    assert.equal(two.summary.hashedBytes, 'version two, longer'.length + 'brand new'.length);
    assert.equal(two.summary.bytesWritten, two.summary.hashedBytes);

    assert.equal(existsSync(join(d2, '.env')), false, '.env is never copied by default');
    assert.equal(existsSync(join(d2, '.env.example')), true, 'the template is kept');
    assert.equal(existsSync(join(d2, 'node_modules')), false);
    const listed = (await listSnapshots(sb.backupDir)).map((s) => s.name);
    assert.deepEqual(listed, ['2026-11-24', '2026-11-25']);
  });

  it('several sources (a folder holding the HDD, another folder, single files) land at their full paths; the backup never copies itself; unchanged files are linked in every run', async () => {
    const sb = sandbox();
    // HDD_MOUNT is a source too: BACKUP_DIR inside it must be left out of its run.
    write(sb.src, 'app.js', 'console.log(1)');
    const logs = join(sb.root, 'logs');
    mkdirSync(logs);
    write(logs, 'bot.log', 'line 1\n');
    const etc = join(sb.root, 'etc');
    mkdirSync(etc);
    const fstab = write(etc, 'fstab', 'UUID=abc /mnt/potion-data ext4 noatime 0 2\n');
    const unit = write(etc, 'potion-bot.service', '[Service]\n');
    const sources = [sb.src, logs, fstab, unit, sb.hdd];

    const one = await snap(sb, { now: () => T0, sources });
    const data1 = join(one.path, 'data');
    for (const p of [join(sb.src, 'app.js'), join(logs, 'bot.log'), fstab, unit]) assert.equal(readFileSync(join(data1, p), 'utf8'), readFileSync(p, 'utf8'), p);
    assert.equal(existsSync(join(data1, sb.backupDir)), false, 'BACKUP_DIR is not copied into itself');
    sha256sumCheck(one.path);
    const m1 = await readManifest(join(one.path, SNAPSHOT_FILES.manifest));
    const paths1 = new Set(m1.entries.filter((e) => e.t === 'f').map((e) => `/${e.p}`));
    assert.deepEqual([...paths1].sort(), [join(sb.src, 'app.js'), join(logs, 'bot.log'), fstab, unit].sort());

    write(logs, 'bot.log', 'line 1\nline 2\n');
    const two = await snap(sb, { now: () => T0 + DAY, sources });
    const data2 = join(two.path, 'data');
    for (const p of [join(sb.src, 'app.js'), fstab, unit]) assert.equal(statSync(join(data2, p)).ino, statSync(join(data1, p)).ino, `${p} is a hard link to the first copy`);
    assert.notEqual(statSync(join(data2, logs, 'bot.log')).ino, statSync(join(data1, logs, 'bot.log')).ino);
    assert.equal(two.summary.changedFiles, 1);
    assert.equal(two.summary.reusedHashes, 3);
    sha256sumCheck(two.path);
    // Both manifests were built from rsync's itemized lists (no second walk), and say exactly
    // what is on the disk, the folders above each source included.
    assert.deepEqual([one.listedBy, two.listedBy], ['rsync', 'rsync']);
    await assertManifestMatchesDisk(one.path);
    await assertManifestMatchesDisk(two.path);
    const report = await verifySnapshot({ path: two.path, mode: 'full' });
    assert.deepEqual([report.missing, report.changed, report.extra], [[], [], []]);
  });

  it('a second snapshot on the same day gets a time suffix', async () => {
    const sb = sandbox();
    write(sb.src, 'f', 'x');
    const a = await snap(sb, { now: () => T0 });
    const b = await snap(sb, { now: () => T0 + 90_000 });
    assert.equal(a.name, '2026-11-24');
    assert.equal(b.name, '2026-11-24_100130');
  });

  it('names with spaces, newlines, backslashes, non-UTF-8 bytes and very deep paths survive backup, manifest, verify and restore', async () => {
    const sb = sandbox();
    write(sb.src, 'with space.txt', 'space');
    write(sb.src, 'new\nline.txt', 'newline');
    write(sb.src, 'back\\slash', 'backslash');
    write(sb.src, 'cr\rname', 'carriage return');
    write(sb.src, Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e]), 'latin1 name');
    let deep = sb.src;
    for (let i = 0; i < 60; i += 1) {
      deep = join(deep, `level-${String(i).padStart(2, '0')}-${'d'.repeat(40)}`);
      mkdirSync(deep);
    }
    writeFileSync(join(deep, 'bottom file.txt'), 'deep');
    assert.ok(Buffer.byteLength(deep) > 3000, 'the path is really deep');
    const before = describeTree(sb.src);

    const s = await snap(sb, { now: () => T0 });
    sha256sumCheck(s.path);
    const manifest = await readManifest(join(s.path, SNAPSHOT_FILES.manifest));
    assert.ok(manifest.entries.some((e) => e.b64 !== undefined), 'the non-UTF-8 name is stored as raw bytes');
    const full = await verifySnapshot({ path: s.path, mode: 'full' });
    assert.deepEqual({ ok: full.ok, missing: full.missing, changed: full.changed, extra: full.extra }, { ok: true, missing: [], changed: [], extra: [] });
    assert.equal(s.listedBy, 'rsync', "rsync's escaped names were read back exactly");
    const entries = await assertManifestMatchesDisk(s.path);

    // A second snapshot links everything but one file, and takes the linked files' entries over.
    write(sb.src, 'new\nline.txt', 'newline, changed');
    const s2 = await snap(sb, { now: () => T0 + DAY });
    assert.equal(s2.listedBy, 'rsync');
    assert.equal(await assertManifestMatchesDisk(s2.path), entries);
    assert.equal(s2.summary.changedFiles, 1);
    assert.equal(s2.summary.reusedHashes, s2.summary.files - 1);
    sha256sumCheck(s2.path);

    rmSync(sb.src, { recursive: true });
    mkdirSync(sb.src);
    const [snapDir] = await listSnapshots(sb.backupDir);
    await restoreSnapshot({ snapshot: snapDir!, runner, allowed: (await snapshotOptions(sb)).sources });
    assert.deepEqual(describeTree(sb.src), before);
  });

  it('verify names exactly the one file whose byte was corrupted, and quick mode sees a changed size', async () => {
    const sb = sandbox();
    for (let i = 0; i < 30; i += 1) write(sb.src, `file-${i}.bin`, randomBytes(5000));
    const s = await snap(sb, { now: () => T0 });
    const victim = join(s.path, 'data', sb.src, 'file-17.bin');
    const st = statSync(victim);
    const fd = openSync(victim, 'r+');
    const byte = Buffer.alloc(1);
    byte[0] = (readFileSync(victim)[1234]! ^ 0x01) & 0xff;
    writeSync(fd, byte, 0, 1, 1234);
    closeSync(fd);
    utimesSync(victim, st.atime, st.mtime); // bit rot does not touch the mtime
    const full = await verifySnapshot({ path: s.path, mode: 'full' });
    assert.equal(full.ok, false);
    assert.deepEqual(full.changed, [`${sb.src.slice(1)}/file-17.bin`]);
    assert.deepEqual(full.missing, []);
    assert.deepEqual(full.extra, []);

    writeFileSync(join(s.path, 'data', sb.src, 'file-3.bin'), 'short');
    writeFileSync(join(s.path, 'data', sb.src, 'stray.txt'), 'not from the backup');
    rmSync(join(s.path, 'data', sb.src, 'file-9.bin'));
    const quick = await verifySnapshot({ path: s.path, mode: 'quick', sample: 1, random: () => 0 });
    assert.ok(quick.changed.includes(`${sb.src.slice(1)}/file-3.bin`));
    assert.deepEqual(quick.missing, [`${sb.src.slice(1)}/file-9.bin`]);
    assert.deepEqual(quick.extra, [`${sb.src.slice(1)}/stray.txt`]);
    const v = JSON.parse(readFileSync(join(s.path, SNAPSHOT_FILES.verified), 'utf8')) as { ok: boolean; mode: string };
    assert.deepEqual([v.ok, v.mode], [false, 'quick']);
  });

  it('restore brings back contents, modes, mtimes and symlinks byte-identical, and leaves .env alone', async () => {
    const sb = sandbox();
    mkdirSync(join(sb.src, 'conf'));
    write(sb.src, 'conf/app.json', '{"port":8080}');
    chmodSync(join(sb.src, 'conf/app.json'), 0o600);
    write(sb.src, 'run.sh', '#!/bin/sh\necho hi\n');
    chmodSync(join(sb.src, 'run.sh'), 0o755);
    chmodSync(join(sb.src, 'conf'), 0o750);
    utimesSync(join(sb.src, 'run.sh'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05.123Z'));
    symlinkSync('conf/app.json', join(sb.src, 'link-rel'));
    symlinkSync('/nonexistent/target', join(sb.src, 'link-dangling'));
    write(sb.src, 'gone-later.txt', 'keep me');
    const before = describeTree(sb.src);
    const s = await snap(sb, { now: () => T0 });

    write(sb.src, 'conf/app.json', '{"port":9999,"broken":true}');
    chmodSync(join(sb.src, 'run.sh'), 0o644);
    rmSync(join(sb.src, 'gone-later.txt'));
    rmSync(join(sb.src, 'link-rel'));
    symlinkSync('elsewhere', join(sb.src, 'link-rel'));
    write(sb.src, 'added-after.txt', 'should be removed by restore');
    write(sb.src, '.env', 'SECRET=stays');

    const [snapDir] = await listSnapshots(sb.backupDir);
    const r = await restoreSnapshot({ snapshot: snapDir!, runner, allowed: (await snapshotOptions(sb)).sources });
    const after = describeTree(sb.src);
    const envKey = Buffer.from('.env').toString('hex');
    assert.ok(after.has(envKey), '.env (never backed up) is not deleted by the restore');
    after.delete(envKey);
    assert.deepEqual(after, before);
    assert.equal(r.deletedFiles, 1);
    assert.equal(s.summary.symlinks, 2);
  });

  it('restoring a single file touches only that file', async () => {
    const sb = sandbox();
    write(sb.src, 'a.txt', 'A1');
    write(sb.src, 'b.txt', 'B1');
    await snap(sb, { now: () => T0 });
    write(sb.src, 'a.txt', 'A2');
    write(sb.src, 'b.txt', 'B2');
    const [snapDir] = await listSnapshots(sb.backupDir);
    await restoreSnapshot({ snapshot: snapDir!, runner, allowed: (await snapshotOptions(sb)).sources, path: join(sb.src, 'a.txt') });
    assert.equal(readFileSync(join(sb.src, 'a.txt'), 'utf8'), 'A1');
    assert.equal(readFileSync(join(sb.src, 'b.txt'), 'utf8'), 'B2');
    await assert.rejects(restoreSnapshot({ snapshot: snapDir!, runner, allowed: (await snapshotOptions(sb)).sources, path: '/etc/passwd' }), /tidak termasuk folder yang di-backup/);
  });

  it('an unreadable source (rsync exit 23) gives a partial snapshot that names the file, never a silent success', async () => {
    const sb = sandbox();
    write(sb.src, 'ok.txt', 'fine');
    const s = await snap(sb, { now: () => T0, sources: [sb.src] }).then(async () => {
      // A source that disappears between resolving and copying: rsync exits 23 and names it.
      const { snapshotOptions } = await import('../harness/backup-helpers.js');
      const { createSnapshot } = await import('@potion/worker');
      const o = await snapshotOptions(sb, { now: () => T0 + DAY });
      o.sources.sources.push(join(sb.root, 'vanished-source'));
      return createSnapshot(o);
    });
    assert.equal(s.summary.status, 'partial');
    assert.equal(s.summary.rsync.exitCode, 23);
    assert.ok(s.summary.warnings.failed.some((f) => f.includes('vanished-source')), JSON.stringify(s.summary.warnings));
    sha256sumCheck(s.path);
    await assertManifestMatchesDisk(s.path);
  });

  it('a folder source that is gone when its rsync run starts: the snapshot is partial and its manifest still says exactly what is on disk', async () => {
    const sb = sandbox();
    write(sb.src, 'a', 'a');
    const other = join(sb.root, 'other', 'deep');
    mkdirSync(other, { recursive: true });
    write(other, 'b', 'b');
    const { snapshotOptions } = await import('../harness/backup-helpers.js');
    const { createSnapshot } = await import('@potion/worker');
    const o = await snapshotOptions(sb, { now: () => T0, sources: [sb.src, other] });
    let runs = 0;
    o.runner = async (cmd, args, opts) => {
      if (cmd === 'rsync' && !args.includes('--version')) {
        runs += 1;
        // Moved away (a deploy swapping folders) while the first folder was being copied.
        if (runs === 2) rmSync(other, { recursive: true });
      }
      return runner(cmd, args, opts);
    };
    const s = await createSnapshot(o);
    assert.equal(s.summary.status, 'partial');
    assert.equal(s.listedBy, 'walk', 'a run that did not end cleanly is not trusted to have listed everything');
    await assertManifestMatchesDisk(s.path);
    const v = await verifySnapshot({ path: s.path, mode: 'full' });
    assert.deepEqual([v.missing, v.changed, v.extra], [[], [], []]);
  });

  it('leftovers of an interrupted run are resumed or removed, and never listed', async () => {
    const sb = sandbox();
    write(sb.src, 'a', 'a');
    await snap(sb, { now: () => T0 });
    const dir = join(sb.backupDir, 'snapshots');
    mkdirSync(join(dir, '.partial-2026-11-20', 'data'), { recursive: true });
    mkdirSync(join(dir, '.partial-2026-11-25', 'data'), { recursive: true });
    writeFileSync(join(dir, '.partial-2026-11-25', 'data', 'half'), 'x');
    mkdirSync(join(dir, '.deleting-2026-10-01'));
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((s) => s.name), ['2026-11-24']);
    const s = await snap(sb, { now: () => T0 + DAY });
    assert.equal(s.resumed, true);
    assert.deepEqual(snapshotDirs(sb.backupDir), ['.lock', '2026-11-24', '2026-11-25'].filter((n) => n !== '.lock' || existsSync(join(dir, '.lock'))));
    assert.equal(existsSync(join(s.path, 'data', 'half')), false, 'rsync --delete removed what the source does not have');
    sha256sumCheck(s.path);
    assert.equal(s.listedBy, 'walk', 'a resumed partial is walked: it may hold what rsync does not list');
    await assertManifestMatchesDisk(s.path);
  });
});
