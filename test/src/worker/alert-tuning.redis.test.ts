import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const ADMIN = 1001;
const VIEWER = 2002;

/** The new alert messages to one admin since `from` (index into h.alerts()). */
async function alertsSince(h: AlertHarness, from: number): Promise<string[]> {
  return (await h.alerts()).slice(from).filter((m) => m.chatId === ADMIN).map((m) => m.text);
}

// Issue 19 point 7: thresholds and windows set from ⚙️ Settings (settings.tune) are used by
// the real worker's alert engine at the next sample, without a restart; real Redis, fake clock.
describe('alert thresholds and windows changed from the chat (settings.tune) drive the alert engine at once', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness({ VIEWER_IDS: String(VIEWER) });
  });
  after(async () => h?.stop());

  it('a disk at 75% is fine under the .env 90%; after the admin sets 70% a sample at 69% still says nothing and one at 75% raises the alert with "batas 70%"', async () => {
    const base = (await h.alerts()).length;
    await h.sampleAt(0, { rootPct: 75 });
    assert.deepEqual(await alertsSince(h, base), [], 'under the .env threshold');

    const id = await h.run('settings.tune', { id: 'disk.pct', value: 70 }, ADMIN);
    const r = await h.result('once', id);
    assert.match(r.text, /^Beres! ✅ Ringkasan: Batas disk penuh sekarang 70% \(tadinya 90%, default 90%\)\. Langsung dipakai mulai cek berikutnya, gak perlu restart\./);
    assert.match(r.text, /• Batas disk penuh: <b>70%<\/b> ✏️ \(default 90%\)/);
    assert.deepEqual(await h.conn.hgetall(hostKeys(h.cfg.hostId).alertTuning), { 'disk.pct': '70' });

    await h.sampleAt(30, { rootPct: 69 });
    assert.deepEqual(await alertsSince(h, base), [], 'under the new threshold: no alert');
    await h.sampleAt(60, { rootPct: 75 });
    const sent = await alertsSince(h, base);
    assert.equal(sent.length, 1);
    assert.match(sent[0]!, /^🚨 💽 Disk \/ hampir penuh: 75% terpakai, sisa .* \(batas 70%\)/);
  });

  it('a shorter CPU window from the chat fires after 1 minute instead of the .env 5 minutes', async () => {
    await h.run('settings.tune', { id: 'cpu.for', value: 60 }, ADMIN);
    const base = (await h.alerts()).length;
    const cpu = async () => (await alertsSince(h, base)).filter((t) => t.includes('CPU'));
    // The disk of the test before stays at 75%: only the CPU alert is new here.
    await h.sampleAt(100, { cpu: 97, rootPct: 75 });
    await h.sampleAt(130, { cpu: 97, rootPct: 75 });
    assert.deepEqual(await cpu(), [], 'not before the new window');
    await h.sampleAt(160, { cpu: 97, rootPct: 75 });
    assert.deepEqual(await alertsSince(h, base), await cpu(), 'nothing else was sent');
    const sent = await cpu();
    assert.equal(sent.length, 1);
    assert.match(sent[0]!, /^🚨 🔥 CPU sibuk terus: 97% selama lebih dari 1 menit \(batas 90%\)/);
  });

  it('↩️ Default removes the override: the .env value counts again and the page says "(default)"', async () => {
    const id = await h.run('settings.tune', { id: 'cpu.for', value: null }, ADMIN);
    const r = await h.result('once', id);
    assert.match(r.text, /^Beres! ✅ Ringkasan: Lama CPU tinggi balik ke default 300 detik \(5 menit\) \(tadinya 60 detik \(1 menit\)\)\./);
    assert.match(r.text, /• Lama CPU tinggi: <b>300 detik \(5 menit\)<\/b> \(default\)/);
    assert.equal(await h.conn.hexists(hostKeys(h.cfg.hostId).alertTuning, 'cpu.for'), 0);
    assert.equal(h.app.deps.tuning.current().alerts.cpuForMs, 300_000);
  });

  it('a value outside the .env range is refused before it is queued, and a viewer may not change anything', async () => {
    await assert.rejects(h.run('settings.tune', { id: 'disk.pct', value: 101 }, ADMIN), /outside the range/);
    await assert.rejects(h.run('settings.tune', { id: 'disk.pct', value: 80 }, VIEWER), /admin/);
    assert.deepEqual(await h.conn.hgetall(hostKeys(h.cfg.hostId).alertTuning), { 'disk.pct': '70' });
  });

  it('values written into Redis by hand are read when a page shows them; one outside the range is ignored', async () => {
    await h.conn.hset(hostKeys(h.cfg.hostId).alertTuning, { 'temp.c': '5', 'temp.for': '120' });
    const page = await h.result('read', await h.run('settings.thresholds', { group: 'temp' }, ADMIN));
    assert.match(page.text, /• Batas suhu CPU: <b>85°C<\/b> \(default\)/);
    assert.match(page.text, /• Lama suhu tinggi: <b>120 detik \(2 menit\)<\/b> ✏️ \(default 180 detik \(3 menit\)\)/);
    assert.equal(h.app.deps.tuning.current().alerts.tempC, 85);
    assert.equal(h.app.deps.tuning.current().alerts.tempForMs, 120_000);
    await h.conn.hdel(hostKeys(h.cfg.hostId).alertTuning, 'temp.c', 'temp.for');
    await h.run('settings.thresholds', { group: 'temp' }, ADMIN);
  });

  it('the page of a group shows every value with its default and unit, and the one set from the chat marked', async () => {
    const id = await h.run('settings.thresholds', { group: 'disk' }, ADMIN);
    const r = await h.result('read', id);
    assert.equal(
      r.text,
      [
        '📏 Ambang alert · 💽 Disk',
        '',
        '• Batas disk penuh: <b>70%</b> ✏️ (default 90%)',
        '   <i>alert kalau disk / atau HDD terisi lebih dari ini</i>',
        '• Jarak normal disk: <b>2%</b> (default)',
        '   <i>dianggap normal lagi kalau isinya sudah turun sejauh ini di bawah batas</i>',
        '',
        'Pilih yang mau diubah 👇',
      ].join('\n'),
    );
    assert.deepEqual(r.buttons, [[{ text: '🔧 Batas disk penuh', data: 'tn:v:disk.pct' }], [{ text: '🔧 Jarak normal disk', data: 'tn:v:disk.margin' }], [{ text: '« Ambang lain', data: 'tn:h' }]]);
    const one = await h.run('settings.thresholds', { group: 'disk', focus: 'disk.pct' }, ADMIN);
    const v = await h.result('read', one);
    assert.match(v.text, /Sekarang: <b>70%<\/b>\nDefault \(\.env ALERT_DISK_PERCENT\): 90%\nBoleh diisi: 1–100%/);
    assert.deepEqual(v.buttons, [
      [
        { text: '80%', data: 'tn:s:disk.pct:80' },
        { text: '85%', data: 'tn:s:disk.pct:85' },
        { text: '90%', data: 'tn:s:disk.pct:90' },
        { text: '95%', data: 'tn:s:disk.pct:95' },
      ],
      [
        { text: '✏️ Ketik angka', data: 'tn:k:disk.pct' },
        { text: '↩️ Default (90%)', data: 'tn:d:disk.pct' },
      ],
      [{ text: '« Kembali', data: 'tn:g:disk' }],
    ]);
  });

  it('📊 Status and ⚙️ Settings word the values in force: 50°C is "hot" once the limit is 45°C', async () => {
    await h.run('settings.tune', { id: 'temp.c', value: 45 }, ADMIN);
    await h.sampleAt(230, { tempC: 50 });
    const st = await h.result('read', await h.run('status.summary', {}, ADMIN));
    assert.match(st.text, /🔥 Suhu {2}50°C/);
    const set = await h.result('read', await h.run('settings.get', {}, ADMIN));
    assert.match(set.text, /Suhu CPU &gt; 45°C selama 3 menit/);
  });

  it('the overrides are copied to DATA_DIR and come back with the note when Redis comes back empty', async () => {
    const mirror = JSON.parse(readFileSync(join(h.cfg.dataDir, 'redis-mirror.json'), 'utf8')) as { tuning?: Record<string, string> };
    assert.deepEqual(mirror.tuning, { 'disk.pct': '70', 'temp.c': '45' });
    await h.conn.flushall();
    await h.restartWorker({ bootTime: T0 - 3600_000 });
    assert.deepEqual(await h.conn.hgetall(hostKeys(h.cfg.hostId).alertTuning), { 'disk.pct': '70', 'temp.c': '45' });
    const notes = (await h.producer.queue('notify').getJobs(['waiting', 'completed', 'active', 'delayed', 'prioritized'])).map((j) => String(j.data?.payload?.text ?? ''));
    assert.ok(
      notes.some((t) => t.includes('ambang alert yang kamu ubah: Batas disk penuh 70%, Batas suhu CPU 45°C')),
      notes.filter((t) => t.includes('KOSONG')).join('\n---\n'),
    );
  });
});
