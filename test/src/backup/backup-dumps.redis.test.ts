import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import type { JobData, JobMeta, JobName, OutboxMessage } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, shownText, createStandins, startTestRedis, testConfig, waitFor, type BackupSandbox, type Standins, type TestRedis } from '@potion/testkit';
import { listSnapshots, readManifest, startWorkerApp, type WorkerApp } from '@potion/worker';
import { rot, sha256sumCheck } from '../harness/backup-helpers.js';
import { inspectCopy, ROWS_PER_TX, SqliteWriter } from '../harness/sqlite-writer.js';

/**
 * Issue 17 point 7: a live SQLite database (WAL, written to the whole time like n8n's) is
 * dumped consistently into every snapshot, covered by the manifest and verify, and put back
 * by a restore; a database that cannot be dumped fails the backup loudly.
 */
describe('database dumps through the worker (real sqlite3, rsync, Redis)', () => {
  let redis: TestRedis;
  let sb: BackupSandbox;
  let standins: Standins;
  let app: WorkerApp;
  let seq = 0;
  let db: string;
  let snapshotName = '';
  let dumpedRows = 0;

  before(async () => {
    redis = await startTestRedis();
    sb = createBackupSandbox();
    standins = createStandins();
    const procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    mkdirSync(join(sb.src, 'n8n'));
    db = join(sb.src, 'n8n', 'database.sqlite');
    app = await startWorkerApp({
      config: testConfig({ HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src, BACKUP_SQLITE: db, ADMIN_IDS: '1001', REDIS_URL: redis.url }),
      log: createLogger({ name: 'test', logDir: undefined, level: 'warn', stdout: false }),
      redisUrl: redis.url,
      runner: createRunner({ env: { ...process.env, ...standins.env } }),
      procRoot,
    });
  });
  after(async () => {
    await app?.stop();
    await redis?.stop();
    sb?.cleanup();
    standins?.cleanup();
  });

  async function run<N extends JobName>(name: N, payload: JobData<N>): Promise<string> {
    seq += 1;
    const m: JobMeta = { requestId: `req-${seq}`, by: { kind: 'telegram', userId: 1001 }, chatId: 1001, enqueuedAt: Date.now() };
    const { jobs } = await import('@potion/jobs');
    const id = await app.deps.producer.enqueue(name, payload, m, jobs[name].mutates ? { authorizedAt: Date.now() } : {});
    const q = app.deps.producer.queue(jobs[name].queue);
    return waitFor(`${name} to finish`, async () => {
      const s = await q.getJobState(id);
      return s === 'completed' || s === 'failed' ? s : undefined;
    }, 120_000);
  }
  async function outbox(): Promise<OutboxMessage[]> {
    const jobs = await app.deps.producer.queue('notify').getJobs(['waiting', 'prioritized', 'delayed', 'completed']);
    return jobs.map((j) => (j.data as { payload: OutboxMessage }).payload);
  }
  const resultFor = async (needle: RegExp) => waitFor(`a result matching ${needle}`, async () => (await outbox()).find((m) => m.kind === 'result' && needle.test(m.text)), 10_000);

  it('a backup taken while another process commits rows holds a dump that passes integrity_check with every row committed before it started, no torn row or transaction', async () => {
    const writer = new SqliteWriter(db);
    try {
      // Enough rows that the copy takes a while (8 kB each), then the backup starts while the writer goes on.
      await writer.until(3000);
      const before = writer.committed;
      const state = await run('backup.run', { trigger: 'manual' });
      const atEnd = writer.committed;
      assert.equal(state, 'completed');
      assert.ok(atEnd > before, `the writer committed rows while the backup ran (${before} → ${atEnd})`);
      // One more transaction after the backup ended: the live database is then ahead of the dump.
      await writer.until(atEnd + ROWS_PER_TX);
    } finally {
      await writer.stop();
    }
    const [snap] = await listSnapshots(sb.backupDir);
    assert.ok(snap);
    snapshotName = snap.name;
    const m = await readManifest(join(snap.path, 'manifest.json'));
    assert.equal(m.dumps?.length, 1);
    const d = m.dumps![0]!;
    assert.equal(d.source, db);
    assert.equal(d.file, '1-database.sqlite');
    const dump = join(snap.path, 'dumps', d.file);
    assert.equal(statSync(dump).size, d.size);
    // SHA256SUMS covers the dump too: sha256sum -c from the snapshot folder.
    assert.match(readFileSync(join(snap.path, 'SHA256SUMS'), 'utf8'), new RegExp(`^${d.sha256}  dumps/1-database\\.sqlite$`, 'm'));
    sha256sumCheck(snap.path);

    const copy = inspectCopy(dump);
    assert.equal(copy.integrity, 'ok');
    assert.equal(copy.badPayloads, 0, 'every row is whole (payload and transaction number match n)');
    assert.equal(copy.min, 1);
    assert.equal(copy.max, copy.count, 'no gap: a prefix of the commits');
    assert.equal(copy.count % ROWS_PER_TX, 0, 'no half transaction');
    assert.ok(copy.count >= 3000, `every row committed before the backup started is in the dump (${copy.count})`);
    dumpedRows = copy.count;

    const msg = await resultFor(/Snapshot \d{4}-\d\d-\d\d/);
    assert.match(shownText({ markup: msg.text }), /🗄️ Database di-dump & lolos cek integritas: .*database\.sqlite \(/);
  });

  it('verify checks the dump byte for byte and names it when it rots', async () => {
    assert.equal(await run('backup.verify', { snapshot: snapshotName, mode: 'quick' }), 'completed');
    await resultFor(new RegExp(`Checksum snapshot ${snapshotName} cocok semua`));
    const [snap] = await listSnapshots(sb.backupDir);
    const dump = join(snap!.path, 'dumps', '1-database.sqlite');
    const keep = `${dump}.good`;
    execFileSync('cp', ['-p', dump, keep]);
    try {
      rot(dump);
      assert.equal(await run('backup.verify', { snapshot: snapshotName, mode: 'quick' }), 'completed');
      const bad = await resultFor(new RegExp(`Snapshot ${snapshotName} TIDAK cocok`));
      assert.match(bad.text, /🔧 Berubah\/rusak \(1\):\n {2}• dumps\/1-database\.sqlite/);
    } finally {
      renameSync(keep, dump);
    }
    assert.equal(await run('backup.verify', { snapshot: snapshotName, mode: 'full' }), 'completed');
    await resultFor(new RegExp(`Checksum snapshot ${snapshotName} cocok semua ✅\ncek penuh`));
  });

  it('restore puts the database back from its dump: no -wal left to replay, integrity ok, exactly the dumped rows', async () => {
    const liveRows = Number(inspectCopy(db).count);
    assert.ok(liveRows > dumpedRows, 'the live database is ahead of the dump');
    assert.equal(await run('backup.restore', { snapshot: snapshotName, stopServices: false }), 'completed');
    const msg = await resultFor(new RegExp(`Restore dari snapshot ${snapshotName}`));
    assert.match(msg.text, new RegExp(`🗄️ Database ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} dikembalikan dari dump-nya`));
    const walLeft = existsSync(`${db}-wal`);
    const restored = inspectCopy(db);
    assert.equal(restored.integrity, 'ok');
    assert.equal(restored.count, dumpedRows, 'exactly the rows of the dump');
    assert.equal(restored.max, dumpedRows);
    assert.equal(restored.badPayloads, 0);
    assert.equal(walLeft, false, 'the -wal rsync brought back is gone (SQLite would replay it onto the dump)');
    // The safety snapshot taken before the restore dumped the live state (ahead of the dump).
    const snaps = await listSnapshots(sb.backupDir);
    const safety = snaps.find((s) => s.summary.trigger === 'safety');
    assert.ok(safety?.summary.dumps?.length === 1);
    assert.equal(inspectCopy(join(safety.path, 'dumps', '1-database.sqlite')).count, liveRows);
  });

  it('a database that is gone fails the backup: the chat names it, why and what to do, and no snapshot is added', async () => {
    const before = (await listSnapshots(sb.backupDir)).length;
    const away = `${db}.away`;
    renameSync(db, away);
    try {
      assert.equal(await run('backup.run', { trigger: 'manual' }), 'failed');
      const msg = await resultFor(/Backup GAGAL ❌: database ini tidak bisa di-dump/);
      assert.match(msg.text, new RegExp(`• ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: file-nya tidak ada\\.`));
      assert.match(msg.text, /Cara beresin: cek path-nya di BACKUP_SQLITE \(\.env\)/);
      assert.match(msg.text, /Snapshot lama aman/);
      assert.equal(existsSync(db), false, 'sqlite3 did not create an empty database in its place');
      assert.equal((await listSnapshots(sb.backupDir)).length, before);
      assert.deepEqual(
        readdirSync(join(sb.backupDir, 'snapshots')).filter((n) => n.startsWith('.partial-')),
        [],
        'no half snapshot left behind',
      );
    } finally {
      renameSync(away, db);
    }
  });

  it('a restore still works when the database is gone (often why one restores): its safety snapshot notes the missing dump instead of refusing', async () => {
    rmSync(db);
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    assert.equal(await run('backup.restore', { snapshot: snapshotName, stopServices: false }), 'completed');
    await waitFor('the second restore result', async () => (await outbox()).filter((m) => m.kind === 'result' && /Restore dari snapshot/.test(m.text)).length >= 2 || undefined, 10_000);
    const restored = inspectCopy(db);
    assert.equal(restored.integrity, 'ok');
    assert.equal(restored.count, dumpedRows);
    const safety = (await listSnapshots(sb.backupDir)).filter((x) => x.summary.trigger === 'safety').at(-1)!;
    assert.equal(safety.summary.status, 'partial');
    assert.deepEqual(safety.summary.warnings.failed, [`${db} (dump database gagal: file-nya tidak ada)`]);
    assert.equal(safety.summary.dumps, undefined);
  });
});
