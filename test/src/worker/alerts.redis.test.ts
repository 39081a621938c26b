import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { raiseAlert, resolveAlert } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

/** Samples every 30 s from `from` to `to` (seconds, inclusive) with the same figures. */
async function samples(h: AlertHarness, from: number, to: number, figures: Parameters<AlertHarness['sampleAt']>[1]): Promise<void> {
  for (let t = from; t <= to; t += 30) await h.sampleAt(t, figures);
}

describe('alerts through the real worker, Redis and outbox (fake clock, PRD windows)', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());

  it('CPU above 90% for 5 minutes reaches every admin once, with a mute button', async () => {
    await samples(h, 0, 270, { cpu: 95 });
    assert.equal((await h.alerts()).length, 0, 'nothing before the 5-minute window');
    await h.sampleAt(300, { cpu: 95 });
    const a = await h.alerts();
    assert.deepEqual(a.map((m) => m.chatId).sort(), [1001, 1002]);
    assert.match(a[0]!.text, /^🚨 🔥 CPU sibuk terus: 95% selama lebih dari 5 menit \(batas 90%\)/);
    assert.equal(a[0]!.createdAt, T0 + 300_000);
    assert.deepEqual(a[0]!.buttons, [[{ text: '🔕 Bisukan 1 jam', data: 'alert:mute:cpu:60' }, { text: '🔕 8 jam', data: 'alert:mute:cpu:480' }, { text: '🔕 Sampai besok', data: 'alert:mute:cpu:t' }]]);
    const state = await h.conn.hgetall(h.app.deps.keys.alert('cpu'));
    assert.equal(state.status, 'firing');
    assert.equal(state.since, String(T0));
  });

  it('no repeat while it lasts, then one reminder after 15 minutes', async () => {
    await samples(h, 330, 1170, { cpu: 97 });
    assert.equal((await h.alerts()).length, 2);
    await h.sampleAt(1200, { cpu: 97 });
    const a = await h.alerts();
    assert.equal(a.length, 4);
    assert.match(a[2]!.text, /^⏰ Masih berlangsung \(20 menit\): 🔥 CPU sibuk terus: 97%/);
  });

  it('recovery needs the value clear for the clear window and is sent once, with how long it lasted', async () => {
    await h.sampleAt(1230, { cpu: 40 });
    assert.equal((await h.alerts()).length, 4, 'not yet: it must stay clear for 60 s');
    await h.sampleAt(1290, { cpu: 40 });
    await h.sampleAt(1320, { cpu: 40 });
    const a = await h.alerts();
    assert.equal(a.length, 6);
    assert.equal(a[4]!.text, '✅ CPU sudah normal lagi. Tadi berlangsung 20 menit.');
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('cpu')), 0);
    assert.equal(await h.conn.sismember(h.app.deps.keys.alertsOpen, 'cpu'), 0);
  });

  it('a muted alert is not reminded, but its recovery still goes out', async () => {
    const base = (await h.alerts()).length;
    await h.sampleAt(2000, { availMb: 300 });
    assert.equal((await h.alerts()).length, base + 2);
    await h.run('health.mute', { alertId: 'ram', minutes: 60 }, 1001);
    assert.ok(await h.conn.pttl(h.app.deps.keys.mute('ram')) > 3_500_000);
    await h.sampleAt(2000 + 16 * 60, { availMb: 300 });
    assert.equal((await h.alerts()).length, base + 2, 'no reminder while muted');
    await h.sampleAt(3000, { availMb: 4000 });
    await h.sampleAt(3060, { availMb: 4000 });
    const a = await h.alerts();
    assert.equal(a.length, base + 4);
    assert.match(a.at(-1)!.text, /RAM sudah normal lagi/);
    await h.conn.del(h.app.deps.keys.mute('ram'));
  });

  it('a family switched off in settings sends nothing and drops its open alert silently', async () => {
    await h.sampleAt(4000, { tempC: 95 });
    await h.sampleAt(4200, { tempC: 95 });
    const base = (await h.alerts()).length;
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('temp'), 'status'), 'firing');
    await h.run('settings.set', { family: 'temp', enabled: false }, 1001);
    assert.equal(await h.conn.hget(h.app.deps.keys.settings, 'alert.temp'), 'off');
    await h.sampleAt(4230, { tempC: 95 });
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('temp')), 0);
    await h.sampleAt(6000, { tempC: 95 });
    await h.sampleAt(6500, { tempC: 20 });
    assert.equal((await h.alerts()).length, base);
    await h.run('settings.set', { family: 'temp', enabled: true }, 1001);
  });

  it('a failed backup raised by other code alerts once, raising it again sends nothing, the next success recovers', async () => {
    const base = (await h.alerts()).length;
    const deps = h.app.deps;
    await raiseAlert(deps, { id: 'backup', family: 'backup', label: 'Backup', text: '💾 Backup harian gagal: HDD penuh.' });
    h.clock.now += 3600_000;
    await raiseAlert(deps, { id: 'backup', family: 'backup', label: 'Backup', text: '💾 Backup harian gagal: HDD penuh.' });
    let a = await h.alerts();
    assert.equal(a.length, base + 2);
    assert.match(a.at(-1)!.text, /Backup harian gagal/);
    h.clock.now += 3600_000;
    await resolveAlert(deps, { id: 'backup', family: 'backup', label: 'Backup' });
    a = await h.alerts();
    assert.equal(a.length, base + 4);
    assert.equal(a.at(-1)!.text, '✅ Backup sudah berhasil lagi. Gagalnya berlangsung 2 jam.');
  });

  it('an alert decided but not yet in the outbox (crash in between) is delivered by the next run', async () => {
    const msg = { jobId: 'alert.test.1.fire.1001', chatId: 1001, text: 'pending before a crash', createdAt: T0 };
    await h.conn.rpush(h.app.deps.keys.alertsPending, JSON.stringify(msg));
    await h.sampleAt(7000, {});
    assert.ok((await h.alerts()).some((m) => m.jobId === 'alert.test.1.fire.1001'));
    assert.equal(await h.conn.llen(h.app.deps.keys.alertsPending), 0);
  });

  it('the history keeps one sample per minute', async () => {
    const before = await h.conn.llen(h.app.deps.keys.sampleHistory);
    await h.sampleAt(7800, {});
    await h.sampleAt(7810, {});
    await h.sampleAt(7830, {});
    await h.sampleAt(7860, {});
    assert.equal(await h.conn.llen(h.app.deps.keys.sampleHistory), before + 2);
  });
});

describe('an open alert survives a worker restart', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness({ ALERT_CLEAR_FOR_SEC: '0' });
  });
  after(async () => h?.stop());

  it('no duplicate after the restart, and the recovery is still sent once', async () => {
    await h.sampleAt(0, { rootPct: 96 });
    assert.equal((await h.alerts()).length, 2);
    await h.restartWorker();
    await h.sampleAt(30, { rootPct: 96 });
    await h.sampleAt(60, { rootPct: 96 });
    assert.equal((await h.alerts()).length, 2, 'the restarted worker remembers the open alert');
    await h.restartWorker();
    await h.sampleAt(90, { rootPct: 80 });
    const a = await h.alerts();
    assert.equal(a.length, 4);
    assert.match(a[2]!.text, /^✅ Disk \/ sudah normal lagi\. Tadi berlangsung 1 menit\.$/);
    await h.sampleAt(120, { rootPct: 80 });
    assert.equal((await h.alerts()).length, 4);
  });
});

describe('the job scheduler drives the sampler and the alerts by itself', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness({ SAMPLE_INTERVAL_SEC: '1' }, { schedules: true, realClock: true });
  });
  after(async () => h?.stop());

  it('with the HDD reported full, the scheduled samples raise one alert per admin and keep sampling', async () => {
    h.figures = { hddMount: h.cfg.hddMount, hddPct: 97 };
    const { waitFor } = await import('@potion/testkit');
    const a = await waitFor('the scheduled alert', async () => {
      const msgs = await h.alerts();
      return msgs.length >= 2 ? msgs : undefined;
    }, 15_000);
    assert.match(a[0]!.text, /Disk HDD .* hampir penuh: 97% terpakai/);
    const firstAt = JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!).at as number;
    await waitFor('a later sample', async () => (JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!).at as number) > firstAt, 5000);
    assert.equal((await h.alerts()).length, 2, 'no repeat from the later samples');
  });
});
