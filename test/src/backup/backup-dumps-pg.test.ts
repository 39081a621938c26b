import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { createSnapshot, listSnapshots, readManifest, restoreSnapshot, resolveSources, verifySnapshot } from '@potion/worker';
import { sha256sumCheck, snapshotOptions } from '../harness/backup-helpers.js';
import { startPgServer, type PgServer } from '../harness/pg-server.js';

/** Issue 17 point 7, PostgreSQL: BACKUP_PG databases are pg_dump'ed into the snapshot. */
describe('PostgreSQL dumps (real server, real pg_dump)', () => {
  let sb: BackupSandbox;
  let pg: PgServer;
  let runner: ReturnType<typeof createRunner>;
  before(() => {
    sb = createBackupSandbox();
    pg = startPgServer();
    runner = createRunner({ env: { ...process.env, ...pg.env } });
    pg.psql('postgres', 'CREATE DATABASE n8n');
    pg.psql('n8n', "CREATE TABLE execution(id int PRIMARY KEY, data text); INSERT INTO execution SELECT i, repeat('x', 100) || i FROM generate_series(1, 5000) i");
  });
  after(() => {
    pg?.stop();
    sb?.cleanup();
  });

  it('the dump is in the snapshot, the manifest and SHA256SUMS, verify checks it, and it loads back with every row', async () => {
    const out = await createSnapshot({ ...(await snapshotOptions(sb)), runner, pg: ['n8n'] });
    assert.equal(out.summary.status, 'ok');
    assert.deepEqual(out.summary.dumps?.map((d) => [d.kind, d.source, d.file]), [['pg', 'n8n', '1-pg-n8n.dump']]);
    const m = await readManifest(join(out.path, 'manifest.json'));
    assert.equal(m.dumps?.[0]?.kind, 'pg');
    sha256sumCheck(out.path);
    assert.equal((await verifySnapshot({ path: out.path, mode: 'quick' })).ok, true);
    // Load it into a new database as a user would (the restore message says how).
    pg.psql('postgres', 'CREATE DATABASE loaded');
    execFileSync('pg_restore', ['--no-owner', '-d', 'loaded', join(out.path, 'dumps', '1-pg-n8n.dump')], { env: { ...process.env, ...pg.env } });
    assert.equal(pg.psql('loaded', "SELECT count(*) || ' ' || sum(length(data)) FROM execution"), pg.psql('n8n', "SELECT count(*) || ' ' || sum(length(data)) FROM execution"));

    // A restore never overwrites a live PostgreSQL database: it names the dump instead.
    const snap = (await listSnapshots(sb.backupDir)).at(-1)!;
    const allowed = await resolveSources({ sources: [sb.src], defaultSources: false, excludes: [], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] }, sb.backupDir, sb.hdd);
    const r = await restoreSnapshot({ snapshot: snap, runner, allowed });
    assert.deepEqual(r.databases.map((d) => [d.kind, d.source, d.restored]), [['pg', 'n8n', false]]);
  });

  it('a database that does not exist fails the backup, naming it, why and the fix', async () => {
    const before = (await listSnapshots(sb.backupDir)).length;
    await assert.rejects(createSnapshot({ ...(await snapshotOptions(sb)), runner, pg: ['n8n', 'nextcloud'] }), (err: Error & { userText?: string }) => {
      const t = err.userText ?? '';
      assert.match(t, /^Backup GAGAL ❌: database ini tidak bisa di-dump dengan aman:/);
      assert.match(t, /• nextcloud: database-nya tidak ada di PostgreSQL \(.*database "nextcloud" does not exist\)\./);
      assert.match(t, /Cara beresin: cek namanya di BACKUP_PG \(\.env\)/);
      assert.doesNotMatch(t, /• n8n/);
      return true;
    });
    assert.equal((await listSnapshots(sb.backupDir)).length, before);
  });
});
