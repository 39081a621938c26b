import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRunner } from '@potion/adapters';
import { createStandins, type Standins } from '@potion/testkit';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

// PRD section 16, Disk full: "buat file dummy besar -> cek alert & logrotate tetap berjalan".
// The disk figures are injected (a test machine cannot fill its own disk); the folders that
// "Lihat yang besar" lists are real files measured by the real du.
describe('PRD test plan, Disk full: the admins are alerted, can see what is big, and everything keeps running', () => {
  let h: AlertHarness;
  let standins: Standins;
  before(async () => {
    standins = createStandins();
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'active running');
    h = await startAlertHarness({ ALERT_CLEAR_FOR_SEC: '0' }, { runner: createRunner({ env: { ...process.env, ...standins.env } }) });
    mkdirSync(join(h.cfg.hddMount, 'backups', 'snapshots'), { recursive: true });
    mkdirSync(join(h.cfg.hddMount, 'dumps'), { recursive: true });
    mkdirSync(join(h.cfg.hddMount, 'logs'), { recursive: true });
    writeFileSync(join(h.cfg.hddMount, 'dumps', 'dummy-big.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
    writeFileSync(join(h.cfg.hddMount, 'backups', 'snapshots', 'a.tar'), Buffer.alloc(1024 * 1024, 1));
    writeFileSync(join(h.cfg.hddMount, 'logs', 'runtime.log'), 'x'.repeat(10_000));
  });
  after(async () => {
    await h?.stop();
    standins?.cleanup();
  });

  it('disk / and the HDD past 90% each alert once, with "Lihat yang besar"', async () => {
    await h.sampleAt(0, { rootPct: 97, hddPct: 96 });
    await h.sampleAt(30, { rootPct: 97, hddPct: 96 });
    const a = (await h.alerts()).filter((m) => m.chatId === 1001);
    assert.equal(a.length, 2);
    const root = a.find((m) => /Disk \/ hampir penuh/.test(m.text))!;
    const hdd = a.find((m) => /Disk HDD/.test(m.text))!;
    assert.match(root.text, /97% terpakai, sisa 7,7 GB \(batas 90%\)/);
    assert.deepEqual(root.buttons![0], [{ text: '📂 Lihat yang besar', data: 'alert:big:root' }, { text: '🧹 Bersihkan', data: 'clean:plan' }]);
    assert.deepEqual(hdd.buttons![0], [{ text: '📂 Lihat yang besar', data: 'alert:big:hdd' }]);
  });

  it('"Lihat yang besar" lists the biggest folders, biggest first, measured by du', async () => {
    const id = await h.run('disk.biggest', { target: 'hdd', depth: 1 }, 1001);
    const res = await h.result('read', id);
    const lines = res.text.split('\n');
    assert.match(lines[0]!, new RegExp(`^📂 Folder paling besar di ${h.cfg.hddMount}`));
    assert.match(lines[1]!, /^1\. 3,0 MB {2}.*\/dumps$/);
    assert.match(lines[2]!, /^2\. 1,0 MB {2}.*\/backups$/);
  });

  it('a viewer may not list folders', async () => {
    await assert.rejects(h.run('disk.biggest', { target: 'hdd', depth: 1 }, 2002), /lacks the admin role/);
  });

  it('the worker keeps running: heartbeat, status and samples still work while the disk is full', async () => {
    await h.run('health.heartbeat', {});
    assert.match(readFileSync(join(h.cfg.dataDir, 'last_ok'), 'utf8'), /^\d{4}-\d\d-\d\dT/);
    const id = await h.run('status.summary', {}, 1001);
    assert.match((await h.result('read', id)).text, /🔴 Disk \/ 97%/);
    await h.sampleAt(60, { rootPct: 97, hddPct: 96 });
    assert.equal((await h.alerts()).length, 4, 'still one alert per disk and admin');
    assert.ok(await h.conn.hget(h.app.deps.keys.proc('worker'), 'pid'));
  });

  it('after cleaning up, each disk recovers once', async () => {
    await h.sampleAt(90, { rootPct: 70, hddPct: 60 });
    await h.sampleAt(120, { rootPct: 70, hddPct: 60 });
    const rec = (await h.alerts()).filter((m) => /sudah normal lagi/.test(m.text));
    assert.equal(rec.length, 4);
  });
});
