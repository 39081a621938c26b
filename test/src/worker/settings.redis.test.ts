import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { setBackupMutes, setMute } from '@potion/worker';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

describe('⚙️ Settings jobs', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());

  it('the settings view shows every alert family on by default, the PRD thresholds, and a toggle button per family', async () => {
    const id = await h.run('settings.get', {}, 2002);
    const r = await h.result('read', id);
    assert.match(r.text, /🔔 Suhu tinggi: ON/);
    // The outbox carries the markup sent to Telegram: ">" and "<" are written as entities.
    assert.match(r.text, /CPU &gt; 90% selama 5 menit/);
    assert.match(r.text, /Suhu CPU &gt; 85°C selama 3 menit/);
    assert.match(r.text, /RAM sisa &lt; 500 MB/);
    assert.ok(r.buttons!.some((row) => row[0]!.data === 'set:alert:temp:off'));
  });

  it('an admin switches the temperature alert off; it lives in the settings hash and survives a worker restart', async () => {
    const id = await h.run('settings.set', { family: 'temp', enabled: false }, 1001);
    assert.match((await h.result('read', id)).text, /^Beres! ✅ Ringkasan: alert Suhu tinggi sekarang OFF 🔕/);
    await h.restartWorker();
    assert.deepEqual(await h.conn.hgetall(h.app.deps.keys.settings), { 'alert.temp': 'off' });
    const again = await h.run('settings.get', {}, 1001);
    assert.match((await h.result('read', again)).text, /🔕 Suhu tinggi: OFF/);
  });

  it('the settings view lists the mutes in force (from their sorted set), not ended ones nor the backup auto-mutes', async () => {
    const keys = h.app.deps.keys;
    const now = h.clock.now;
    await setMute(h.conn, keys, 'disk', now + 3_600_000, now);
    await setMute(h.conn, keys, 'cpu', now + 60_000, now);
    await setBackupMutes(h.conn, keys, now, 3_600_000);
    const id = await h.run('settings.get', {}, 1001);
    const text = (await h.result('read', id)).text;
    assert.match(text, /🔕 Sedang dibisukan: cpu, disk$/m);
    h.clock.now = now + 120_000;
    const later = await h.run('settings.get', {}, 1001);
    assert.match((await h.result('read', later)).text, /🔕 Sedang dibisukan: disk$/m);
    h.clock.now = now;
  });

  it('a viewer may look at the settings but not change them', async () => {
    await assert.rejects(h.run('settings.set', { family: 'disk', enabled: false }, 2002), /lacks the admin role/);
  });

  it('About shows the version, the worker with its pid, Redis memory and queue counts', async () => {
    const id = await h.run('settings.about', {}, 1001);
    const r = await h.result('read', id);
    assert.match(r.text, /^ℹ️ potion-runner v0\.1\.0 \(host home\)/);
    assert.match(r.text, new RegExp(`🛠️ Worker: nyala .* \\(pid ${process.pid}\\)`));
    assert.match(r.text, /🤖 Bot: tidak jalan \/ belum pernah lapor/);
    assert.match(r.text, /🗄️ Redis \d+\.\d+\.\d+: memori \d+,\d MB/);
    assert.match(r.text, /• read@home: \d+ \/ \d+ \/ \d+/);
  });

  it('Daftar admin lists admins and viewers, for admins only', async () => {
    const id = await h.run('settings.admins', {}, 1001);
    const r = await h.result('read', id);
    assert.match(r.text, /👑 Admin \(boleh semua\):\n• 1001\n• 1002/);
    assert.match(r.text, /👀 Viewer \(cuma lihat\):\n• 2002/);
    await assert.rejects(h.run('settings.admins', {}, 2002), /lacks the admin role/);
  });
});
