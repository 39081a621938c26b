import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import { browseRecord, jobs, restorePlanRecord, type JobData, type JobMeta, type JobName, type OutboxMessage } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { createBackupSandbox, createStandins, startTestRedis, testConfig, waitFor, type BackupSandbox, type Standins, type TestRedis } from '@potion/testkit';
import { listSnapshots, startWorkerApp, type WorkerApp } from '@potion/worker';

const ADMIN = 1001;

describe('restore: the services whose files it writes are stopped first; one file or folder; browsing (real worker, rsync, Redis)', () => {
  let redis: TestRedis;
  let sb: BackupSandbox;
  let standins: Standins;
  let app: WorkerApp;
  let seq = 0;
  let snapshot = '';
  let app2: string;

  before(async () => {
    redis = await startTestRedis();
    sb = createBackupSandbox();
    standins = createStandins();
    app2 = join(sb.root, 'elsewhere');
    mkdirSync(join(sb.src, 'n8n', 'db'), { recursive: true });
    mkdirSync(join(sb.src, 'web'), { recursive: true });
    mkdirSync(join(sb.src, 'many'), { recursive: true });
    writeFileSync(join(sb.src, 'n8n', 'db', 'data.sqlite'), 'rows v1');
    writeFileSync(join(sb.src, 'n8n', 'config.json'), '{"v":1}');
    writeFileSync(join(sb.src, 'web', 'index.html'), 'page v1');
    for (let i = 0; i < 10; i++) writeFileSync(join(sb.src, 'many', `f${i}.txt`), 'x'.repeat(100 * (i + 1)));
    // n8n: found by its WorkingDirectory; web: by its ExecStart binary; cloudflared: by the map;
    // grafana: its files lie elsewhere; redis: not running.
    for (const u of ['n8n.service', 'web.service', 'cloudflared.service', 'grafana.service']) standins.unit(u, 'active running');
    standins.unit('redis.service', 'inactive dead');
    standins.unitPaths('n8n.service', { workingDirectory: join(sb.src, 'n8n'), execStart: ['/usr/bin/node /usr/lib/n8n/bin/n8n start'] });
    standins.unitPaths('web.service', { workingDirectory: '/', execStart: [`${join(sb.src, 'web')}/server --port 8080`] });
    standins.unitPaths('grafana.service', { workingDirectory: app2, readWritePaths: ['/var/lib/grafana'], execStart: ['/usr/sbin/grafana-server'] });
    standins.unitPaths('redis.service', { readWritePaths: [`-${join(sb.src, 'many')}`] });
    const procRoot = join(sb.root, 'proc');
    mkdirSync(join(procRoot, 'self'), { recursive: true });
    copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
    const config = testConfig({
      HDD_MOUNT: sb.hdd,
      BACKUP_DIR: sb.backupDir,
      BACKUP_SOURCES: sb.src,
      SERVICES_WHITELIST: 'n8n.service,web.service,cloudflared.service,grafana.service,redis.service',
      BACKUP_SERVICE_PATHS: `cloudflared.service=${join(sb.src, 'web')}`,
      ADMIN_IDS: String(ADMIN),
      REDIS_URL: redis.url,
    });
    app = await startWorkerApp({
      config,
      log: createLogger({ name: 'test', logDir: undefined, level: 'warn', stdout: false }),
      redisUrl: redis.url,
      runner: createRunner({ env: { ...process.env, ...standins.env } }),
      procRoot,
    });
    assert.equal((await run('backup.run', { trigger: 'manual' })).state, 'completed');
    snapshot = (await listSnapshots(sb.backupDir))[0]!.name;
  });
  after(async () => {
    await app?.stop();
    await redis?.stop();
    sb?.cleanup();
    standins?.cleanup();
  });

  const meta = (): JobMeta => {
    seq += 1;
    return { requestId: `req-${seq}`, by: { kind: 'telegram', userId: ADMIN }, chatId: ADMIN, enqueuedAt: Date.now() };
  };

  async function run<N extends JobName>(name: N, payload: JobData<N>): Promise<{ state: string; m: JobMeta }> {
    const m = meta();
    const id = await app.deps.producer.enqueue(name, payload, m, jobs[name].mutates ? { authorizedAt: Date.now() } : {});
    const q = app.deps.producer.queue(jobs[name].queue);
    const state = await waitFor(`${name} to finish`, async () => {
      const s = await q.getJobState(id);
      return s === 'completed' || s === 'failed' ? s : undefined;
    }, 30_000);
    return { state, m };
  }

  async function outbox(): Promise<OutboxMessage[]> {
    const all = await app.deps.producer.queue('notify').getJobs(['waiting', 'prioritized', 'delayed', 'completed']);
    return all.map((j) => (j.data as { payload: OutboxMessage; meta: JobMeta }).payload);
  }
  /** The result of the request `m` (the newest outbox message for the chat that matches). */
  const resultFor = async (needle: RegExp) => waitFor(`a result matching ${needle}`, async () => (await outbox()).find((m) => m.chatId === ADMIN && m.kind === 'result' && needle.test(m.text)), 5000);

  it('the plan lists the running whitelisted units whose files a whole restore writes (WorkingDirectory, ExecStart binary, the .env map), not the others nor a stopped one', async () => {
    assert.equal((await run('backup.restorePlan', { snapshot })).state, 'completed');
    const msg = await resultFor(/Rencana restore dari snapshot/);
    assert.match(msg.text, /Service yang aku hentikan dulu, lalu nyalakan lagi setelah selesai: n8n\.service, web\.service, cloudflared\.service$/m);
    assert.doesNotMatch(msg.text, /grafana/);
    const token = /^bk:go:(.+)$/.exec(msg.buttons?.[0]?.[0]?.data ?? '')?.[1];
    assert.ok(token, JSON.stringify(msg.buttons));
    const plan = restorePlanRecord.parse(JSON.parse((await app.deps.redis.get(app.deps.keys.restorePlan(token))) ?? 'null'));
    assert.deepEqual(plan, { snapshot, path: null, services: ['n8n.service', 'web.service', 'cloudflared.service'], userId: ADMIN });
  });

  it('the plan of one file names only the unit that holds it', async () => {
    await run('backup.restorePlan', { snapshot, path: join(sb.src, 'n8n', 'db', 'data.sqlite') });
    const msg = await resultFor(/Rencana restore .*\n📁 Yang dikembalikan: .*data\.sqlite/);
    assert.match(msg.text, /lalu nyalakan lagi setelah selesai: n8n\.service$/m);
  });

  it('a stop that fails calls the restore off with nothing written, and starts again the units already stopped', async () => {
    writeFileSync(join(sb.src, 'n8n', 'config.json'), '{"v":2}');
    writeFileSync(join(sb.src, 'web', 'index.html'), 'page v2');
    standins.failStop('web.service', true);
    try {
      const r = await run('backup.restore', { snapshot, stopServices: true, services: ['n8n.service', 'web.service', 'cloudflared.service'] });
      assert.equal(r.state, 'failed');
      const msg = await resultFor(/Restore aku batalkan/);
      assert.match(msg.text, /web\.service gagal dihentikan \(Failed to stop web\.service: Access denied\), jadi belum ada file yang aku timpa/);
      assert.match(msg.text, /sudah nyala lagi: n8n\.service/);
    } finally {
      standins.failStop('web.service', false);
    }
    assert.equal(readFileSync(join(sb.src, 'n8n', 'config.json'), 'utf8'), '{"v":2}');
    assert.equal(readFileSync(join(sb.src, 'web', 'index.html'), 'utf8'), 'page v2');
    assert.equal(standins.unitState('n8n.service'), 'active running');
    assert.equal(standins.unitState('cloudflared.service'), 'active running', 'never stopped: the restore stopped at web.service');
    const sudo = standins.calls('sudo').filter((l) => / (stop|start) -- /.test(l));
    assert.deepEqual(sudo.slice(-3), ['-n systemctl stop -- n8n.service', '-n systemctl stop -- web.service', '-n systemctl start -- n8n.service']);
  });

  it('a restore of one file changes only that file; the unit is stopped before and started after, and its state is reported', async () => {
    writeFileSync(join(sb.src, 'n8n', 'db', 'data.sqlite'), 'rows v2');
    writeFileSync(join(sb.src, 'n8n', 'db', 'new.sqlite-wal'), 'wal');
    standins.failStart('n8n.service', true);
    const callsBefore = standins.calls('sudo').length;
    try {
      const path = join(sb.src, 'n8n', 'db', 'data.sqlite');
      assert.equal((await run('backup.restore', { snapshot, path, stopServices: true, services: ['n8n.service'] })).state, 'completed');
      const msg = await resultFor(/Restore dari snapshot .*data\.sqlite\) selesai/);
      assert.match(msg.text, /❌ n8n\.service: dihentikan selama restore, sekarang GAGAL \(failed\)/);
    } finally {
      standins.failStart('n8n.service', false);
    }
    assert.equal(readFileSync(join(sb.src, 'n8n', 'db', 'data.sqlite'), 'utf8'), 'rows v1');
    assert.equal(readFileSync(join(sb.src, 'n8n', 'db', 'new.sqlite-wal'), 'utf8'), 'wal', 'the file beside it is left alone');
    assert.equal(readFileSync(join(sb.src, 'n8n', 'config.json'), 'utf8'), '{"v":2}', 'the folder around it is left alone');
    assert.equal(readFileSync(join(sb.src, 'web', 'index.html'), 'utf8'), 'page v2');
    assert.deepEqual(standins.calls('sudo').slice(callsBefore).filter((l) => / (stop|start) -- /.test(l)), ['-n systemctl stop -- n8n.service', '-n systemctl start -- n8n.service']);
    standins.unit('n8n.service', 'active running');
  });

  it('a restore reports each service it stopped as active again in Indonesian', async () => {
    const path = join(sb.src, 'web');
    assert.equal((await run('backup.restore', { snapshot, path, stopServices: true, services: ['web.service', 'cloudflared.service'] })).state, 'completed');
    const msg = await resultFor(/Restore dari snapshot .*\/web\) selesai/);
    assert.match(msg.text, /✅ web\.service: dihentikan selama restore, sekarang aktif lagi/);
    assert.match(msg.text, /✅ cloudflared\.service: dihentikan selama restore, sekarang aktif lagi/);
    assert.equal(readFileSync(join(sb.src, 'web', 'index.html'), 'utf8'), 'page v1');
  });

  it('a confirmed service that is no longer whitelisted is refused before anything is written', async () => {
    writeFileSync(join(sb.src, 'web', 'index.html'), 'page v3');
    const r = await run('backup.restore', { snapshot, path: join(sb.src, 'web'), stopServices: true, services: ['sshd.service'] });
    assert.equal(r.state, 'failed');
    await resultFor(/sshd\.service tidak ada di SERVICES_WHITELIST/);
    assert.equal(readFileSync(join(sb.src, 'web', 'index.html'), 'utf8'), 'page v3');
  });

  it('when systemd cannot say whose files these are, the restore is called off before anything is written', async () => {
    writeFileSync(join(sb.src, 'web', 'index.html'), 'page v4');
    const snapsBefore = (await listSnapshots(sb.backupDir)).length;
    standins.set('systemctl/no-systemd', '');
    try {
      assert.equal((await run('backup.restore', { snapshot, path: join(sb.src, 'web'), stopServices: true })).state, 'failed');
    } finally {
      standins.clear('systemctl/no-systemd');
    }
    const msg = await resultFor(/tidak bisa membaca service mana yang memakai file ini/);
    assert.match(msg.text, /System has not been booted with systemd|Host is down/);
    assert.equal(readFileSync(join(sb.src, 'web', 'index.html'), 'utf8'), 'page v4');
    assert.equal((await listSnapshots(sb.backupDir)).length, snapsBefore, 'not even the safety snapshot');
  });

  it('browsing: a folder of 10 files is shown 8 per page with sizes, the page is kept under a token, a file shows its details', async () => {
    const many = join(sb.src, 'many');
    await run('backup.browse', { snapshot, path: many, page: 0 });
    const first = await resultFor(/📂 Snapshot .*many\n10 isi · halaman 1\/2/);
    assert.match(first.text, /^📄 f0\.txt · 100 B · /m);
    assert.doesNotMatch(first.text, /f8\.txt/);
    const labels = first.buttons!.flat().map((b) => b.text);
    assert.deepEqual(labels, ['📄 f0.txt', '📄 f1.txt', '📄 f2.txt', '📄 f3.txt', '📄 f4.txt', '📄 f5.txt', '📄 f6.txt', '📄 f7.txt', '⬆️ Naik', '➡️', '♻️ Restore folder ini']);
    for (const b of first.buttons!.flat()) assert.ok(Buffer.byteLength(b.data) <= 64, b.data);
    const token = /^bb:([^:]+):o0$/.exec(first.buttons![0]![0]!.data)?.[1];
    const rec = browseRecord.parse(JSON.parse((await app.deps.redis.get(app.deps.keys.backupBrowse(token!))) ?? 'null'));
    assert.equal(rec.entries[3], join(many, 'f3.txt'));
    assert.equal(rec.parent, sb.src);
    await run('backup.browse', { snapshot, path: many, page: 1 });
    const second = await resultFor(/many\n10 isi · halaman 2\/2/);
    assert.match(second.text, /^📄 f9\.txt · 1000 B · /m);
    await run('backup.browse', { snapshot, page: 0 });
    const top = await resultFor(/📂 Snapshot .* · folder yang di-backup/);
    assert.match(top.text, new RegExp(`^📁 ${sb.src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `, 'm'));
    await run('backup.browse', { snapshot, path: join(many, 'f2.txt'), page: 0 });
    const file = await resultFor(/^📄 .*many\/f2\.txt\n📦 Snapshot/);
    assert.match(file.text, /💾 300 B · 🕑 diubah /);
    assert.deepEqual(file.buttons!.flat().map((b) => b.text), ['⬆️ Naik', '♻️ Restore file ini', '📤 Kirim ke chat']);
    const srcPage = /^bb:([^:]+):u$/.exec(top.buttons?.flat().find((b) => b.text === '⬆️ Naik')?.data ?? 'none');
    assert.equal(srcPage, null, 'the top has no way up');
  });

  it('browsing outside the backed-up folders is refused', async () => {
    const r = await run('backup.browse', { snapshot, path: '/etc', page: 0 });
    assert.equal(r.state, 'failed');
    await resultFor(/Path \/etc tidak termasuk folder yang di-backup/);
  });

  it('a small file is copied from the snapshot into DATA_DIR/exports and sent as a document', async () => {
    await run('backup.sendFile', { snapshot, path: join(sb.src, 'many', 'f4.txt') });
    const msg = await resultFor(/📤 .*f4\.txt dari snapshot/);
    assert.ok(msg.document, JSON.stringify(msg));
    assert.equal(msg.document.filename, 'f4.txt');
    assert.ok(existsSync(msg.document.path));
    assert.equal(readFileSync(msg.document.path, 'utf8'), 'x'.repeat(500));
  });
});
