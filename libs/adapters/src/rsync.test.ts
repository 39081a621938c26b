import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner } from './runner.js';
import { buildRsyncArgs, parseProgress2, parseRsyncProblems, parseRsyncStats, runRsync, unescapeRsyncName } from './rsync.js';

// `rsync -a --stats` as printed by rsync 3.2.7 on Ubuntu 24.04.
const STATS = `
Number of files: 20,412 (reg: 20,000, dir: 411, link: 1)
Number of created files: 204 (reg: 200, dir: 4)
Number of deleted files: 3 (reg: 3)
Number of regular files transferred: 200
Total file size: 1,073,741,824 bytes
Total transferred file size: 10,737,418 bytes
Literal data: 10,737,418 bytes
Matched data: 0 bytes
File list size: 0
File list generation time: 0.001 seconds
File list transfer time: 0.000 seconds
Total bytes sent: 10,774,120
Total bytes received: 4,012

sent 10,774,120 bytes  received 4,012 bytes  7,185,421.33 bytes/sec
total size is 1,073,741,824  speedup is 99.62
`;

const PROGRESS = '              1  25%    0.00kB/s    0:00:00  \r              1  25%    0.00kB/s    0:00:00 (xfr#1, to-chk=1/4)\r     52,428,800  48%   49.93MB/s    0:00:01 (xfr#1234, ir-chk=1000/20412)';

describe('rsync adapter', () => {
  it('reads the --stats block, thousands separators included', () => {
    assert.deepEqual(parseRsyncStats(STATS), {
      files: 20412,
      regularFiles: 20000,
      dirs: 411,
      createdFiles: 204,
      deletedFiles: 3,
      transferredFiles: 200,
      totalSizeBytes: 1073741824,
      transferredSizeBytes: 10737418,
      literalBytes: 10737418,
    });
  });

  it('reads the newest --info=progress2 update of a chunk', () => {
    assert.deepEqual(parseProgress2(PROGRESS), { bytes: 52428800, percent: 48, transferred: 1234, toCheck: 1000, total: 20412 });
    assert.equal(parseProgress2('sending incremental file list\n'), undefined);
  });

  it('names the files behind exit codes 23 and 24 and notices a full disk', () => {
    const stderr = [
      'rsync: [sender] send_files failed to open "/opt/app/secret.db": Permission denied (13)',
      'rsync: [sender] link_stat "/opt/app/gone" failed: No such file or directory (2)',
      'file has vanished: "/opt/potion-runner/logs/runtime.log.1"',
      'rsync warning: some files vanished before they could be transferred (code 24) at main.c(1338) [sender=3.2.7]',
      'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]',
    ].join('\n');
    const p = parseRsyncProblems(stderr);
    assert.deepEqual(p.vanished, ['/opt/potion-runner/logs/runtime.log.1']);
    assert.deepEqual(
      p.failed.map((f) => f.path),
      ['/opt/app/secret.db', '/opt/app/gone'],
    );
    assert.match(p.failed[0]!.reason, /Permission denied/);
    assert.equal(p.noSpace, false);
    assert.equal(parseRsyncProblems('rsync: [receiver] write failed on "/mnt/potion-data/b/x": No space left on device (28)\n').noSpace, true);
  });

  it('undoes the \\#ooo escaping of names it prints', () => {
    assert.deepEqual(unescapeRsyncName('new\\#012line'), Buffer.from('new\nline'));
    assert.deepEqual(unescapeRsyncName('bad\\#377'), Buffer.from([0x62, 0x61, 0x64, 0xff]));
  });

  it('builds an argument array with "--" before the paths, so a source named -x stays a path', () => {
    const args = buildRsyncArgs({ sources: ['-rf'], dest: '/b', linkDest: '/prev', excludes: ['.env'], includes: ['.env.example'] });
    assert.deepEqual(args.slice(-3), ['--', '-rf', '/b/']);
    assert.ok(args.indexOf('--include=.env.example') < args.indexOf('--exclude=.env'));
    assert.ok(args.includes('--link-dest=/prev') && args.includes('--delete') && args.includes('--modify-window=-1'));
  });

  it('runs the real rsync: exit 23 is returned with the missing source named, not thrown or hidden', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-rsync-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'a'), 'hello');
      const progress: number[] = [];
      const r = await runRsync(createRunner(), { sources: [join(dir, 'src'), join(dir, 'nope')], dest: join(dir, 'dst'), onProgress: (p) => progress.push(p.percent) });
      assert.equal(r.exitCode, 23);
      assert.equal(r.outcome, 'partial');
      assert.deepEqual(r.problems.failed.map((f) => f.path), [join(dir, 'nope')]);
      assert.equal(r.stats.transferredFiles, 1);
      assert.ok(progress.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
