import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import { existsSync, openSync, readdirSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { createSnapshot, listSnapshots } from '@potion/worker';
import { snapshotOptions } from '../harness/backup-helpers.js';
import { sqliteQuery } from '../harness/sqlite-writer.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A sqlite3 process holding an exclusive lock on a rollback-journal database until it ends. */
async function holdExclusiveLock(db: string): Promise<ChildProcessWithoutNullStreams> {
  const p = spawn('sqlite3', ['-bail', '-batch', '-init', '/dev/null', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  p.stdin.write("PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE; INSERT INTO t VALUES (99, 'x'); SELECT 'locked';\n");
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (/^locked$/m.test(out)) resolve();
    });
    p.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
  return p;
}

describe('a database that cannot be dumped fails the backup with its name and why', () => {
  let sb: BackupSandbox;
  let holder: ChildProcessWithoutNullStreams | undefined;
  before(() => {
    sb = createBackupSandbox();
  });
  after(() => sb?.cleanup());
  afterEach(async () => {
    if (holder && holder.exitCode === null) {
      const gone = new Promise((r) => holder!.on('exit', r));
      holder.stdin.end();
      await gone;
    }
    holder = undefined;
  });

  const attempt = async (dbs: string[]) => createSnapshot({ ...(await snapshotOptions(sb)), sqlite: dbs, dumpBusyMs: 200 });
  const noPartial = () => assert.deepEqual(readdirSync(join(sb.backupDir, 'snapshots')).filter((n) => n.startsWith('.')), []);

  it('a good database next to a locked one: the backup fails naming only the locked one, and keeps no snapshot', async () => {
    const good = join(sb.src, 'good.sqlite');
    const locked = join(sb.src, 'locked.sqlite');
    sqliteQuery(good, "CREATE TABLE t(n INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a');", false);
    sqliteQuery(locked, "CREATE TABLE t(n INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a');", false);
    holder = await holdExclusiveLock(locked);
    await assert.rejects(attempt([good, locked]), (err: Error & { userText?: string }) => {
      assert.match(err.userText ?? '', /^Backup GAGAL ❌: database ini tidak bisa di-dump dengan aman:/);
      assert.match(err.userText ?? '', new RegExp(`• ${escape(locked)}: database-nya dikunci program lain terlalu lama\\.`));
      assert.doesNotMatch(err.userText ?? '', new RegExp(escape(good)));
      assert.match(err.userText ?? '', /Cara beresin: coba backup lagi sebentar lagi/);
      return true;
    });
    assert.equal((await listSnapshots(sb.backupDir)).length, 0);
    noPartial();
  });

  it('a corrupt database (pages overwritten) and a file that is not a database both fail, each named', async () => {
    const broken = join(sb.src, 'broken.sqlite');
    sqliteQuery(broken, "CREATE TABLE t(n INTEGER, v TEXT); CREATE INDEX tv ON t(v); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) INSERT INTO t SELECT i, printf('%0500d', i) FROM c;", false);
    // Garbage over pages 3 and 4 (page size 4096): table and index b-tree pages.
    const fd = openSync(broken, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 2 * 4096);
    closeSync(fd);
    const notDb = join(sb.src, 'notes.sqlite');
    const f2 = openSync(notDb, 'w');
    writeSync(f2, 'this is a text file, not a database\n'.repeat(200));
    closeSync(f2);
    await assert.rejects(attempt([broken, notDb]), (err: Error & { userText?: string }) => {
      const t = err.userText ?? '';
      assert.match(t, /^Backup GAGAL ❌: 2 database tidak bisa di-dump dengan aman:/);
      assert.match(t, new RegExp(`• ${escape(broken)}: database-nya rusak atau bukan file SQLite \\(`));
      assert.match(t, new RegExp(`• ${escape(notDb)}: database-nya rusak atau bukan file SQLite \\(file is not a database\\)`));
      assert.match(t, /Cara beresin: JANGAN hapus snapshot lama/);
      return true;
    });
    assert.equal((await listSnapshots(sb.backupDir)).length, 0);
    noPartial();
  });

  it('a folder named as a database fails with its fix; without BACKUP_SQLITE nothing changes (no dumps/ folder)', async () => {
    await assert.rejects(attempt([sb.src]), (err: Error & { userText?: string }) => {
      assert.match(err.userText ?? '', new RegExp(`• ${escape(sb.src)}: itu bukan file database\\.`));
      return true;
    });
    const out = await attempt([]);
    assert.equal(existsSync(join(out.path, 'dumps')), false);
    assert.equal(out.summary.dumps, undefined);
  });
});
