import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackupSandbox, waitFor } from '@potion/testkit';
import { listSnapshots, verifySnapshot } from '@potion/worker';
import { sha256sumCheck, snap } from '../harness/backup-helpers.js';

const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);
const DAY = 86400_000;
const CHILD = fileURLToPath(new URL('../harness/fixtures/backup-child.js', import.meta.url));

describe('backup killed with SIGKILL', () => {
  it('kill -9 in the middle of a backup: no snapshot is listed as complete, and the next run succeeds', async () => {
    const sb = createBackupSandbox();
    after(() => sb.cleanup());
    writeFileSync(join(sb.src, 'first.txt'), 'before');
    const first = await snap(sb, { now: () => T0 });
    for (let d = 0; d < 10; d += 1) {
      mkdirSync(join(sb.src, `d${d}`));
      for (let f = 0; f < 40; f += 1) writeFileSync(join(sb.src, `d${d}`, `f${f}.bin`), randomBytes(40_000));
    }

    const child = spawn(process.execPath, [CHILD, JSON.stringify({ backupDir: sb.backupDir, hdd: sb.hdd, mountinfo: sb.mountinfo, src: sb.src, now: T0 + DAY })], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));
    after(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    });
    // Wait until rsync has copied something, then kill node and rsync at once.
    await waitFor('the child to be copying', () => /progress ([1-9]|[1-7]\d)\b/.test(out) || (err ? Promise.reject(new Error(err)) : false), 20_000);
    assert.ok(!out.includes('done'), 'the backup was still running when killed');
    process.kill(-child.pid!, 'SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const names = readdirSync(join(sb.backupDir, 'snapshots'));
    assert.ok(names.some((n) => n.startsWith('.partial-')), `a partial is left behind: ${names.join(', ')}`);
    assert.deepEqual((await listSnapshots(sb.backupDir)).map((s) => s.name), ['2026-11-24'], 'nothing half-written is listed');

    const next = await snap(sb, { now: () => T0 + DAY });
    assert.equal(next.name, '2026-11-25');
    assert.equal(next.resumed, true);
    assert.equal(next.summary.files, 401);
    sha256sumCheck(next.path);
    sha256sumCheck(first.path);
    assert.equal((await verifySnapshot({ path: next.path, mode: 'full' })).ok, true);
    assert.deepEqual(readdirSync(join(sb.backupDir, 'snapshots')).filter((n) => n.startsWith('.partial-')), []);
    assert.equal(existsSync(join(sb.backupDir, 'snapshots', '.lock')), false, 'the stale lock of the killed run was taken over and released');
  });
});
