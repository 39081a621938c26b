import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostKeys, keys, loadProofKey, Producer } from '@potion/jobs';
import { HOSTS_SCHEDULER_ID, installSchedules, tellAdmins } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
const pi = hostKeys('pi');
/** Heartbeats every minute, "tidak terdengar" 3 minutes past a due one: 4 minutes of silence. */
const ENV = { HEARTBEAT_INTERVAL_SEC: '60', HOST_SILENT_MIN: '3', ALERT_CPU_FOR_SEC: '0', ALERT_CLEAR_FOR_SEC: '0' };

const at = (min: number) => T0 + min * MIN;
const texts = async (h: AlertHarness) => (await h.alerts()).map((a) => a.text);
/** The digest as admin 1001 reads it after asking for it (the scheduled one is the same text). */
async function digest(h: AlertHarness): Promise<string> {
  return (await h.result('read', await h.run('health.digest', {}, 1001))).text;
}

describe('a host whose heartbeat stops (main host, real worker, Redis and outbox, fake clock)', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness(ENV);
  });
  after(async () => h?.stop());

  it('a single-host install: health.hosts sends nothing, alerts and the digest read as before', async () => {
    assert.deepEqual(Object.keys(await h.conn.hgetall(keys.hosts)), ['home'], 'the main worker registered itself');
    h.clock.now = at(0);
    await h.run('health.hosts', {});
    await h.sampleAt(0, { cpu: 99 });
    await h.sampleAt(30, { cpu: 10 });
    assert.deepEqual(await texts(h), [
      '🚨 🔥 CPU sibuk terus: 99% (batas 90%). Cek proses yang berat di 📊 Status.\n🕒 Mulai 14:00',
      '🚨 🔥 CPU sibuk terus: 99% (batas 90%). Cek proses yang berat di 📊 Status.\n🕒 Mulai 14:00',
      '✅ CPU sudah normal lagi. Tadi berlangsung 30 detik.',
      '✅ CPU sudah normal lagi. Tadi berlangsung 30 detik.',
    ]);
    assert.match(await digest(h), /^☀️ Ringkasan harian server/);
    await tellAdmins(h.app.deps, { purpose: 'told-one', id: 1, text: '💾 Backup terjadwal gagal.', kind: 'alert', requestId: 't', source: 'backup', now: h.clock.now });
    const told = await h.producer.queue('notify').getJob('told-one.1.1001');
    assert.equal((told?.data.payload as { text: string }).text, '💾 Backup terjadwal gagal.');
  });

  it('pi silent: nothing before the window, then "tidak terdengar sejak 14:02" to every admin with the mute buttons', async () => {
    const before = (await h.alerts()).length;
    await h.conn.hset(keys.hosts, 'pi', JSON.stringify({ name: 'pi', addedAt: at(0) }));
    await h.conn.set(pi.heartbeat, String(at(2)));
    h.clock.now = at(6) - 1000;
    await h.run('health.hosts', {});
    assert.equal((await h.alerts()).length, before, 'not before HEARTBEAT_INTERVAL_SEC + HOST_SILENT_MIN');
    h.clock.now = at(6);
    await h.run('health.hosts', {});
    await h.run('health.hosts', {});
    const fresh = (await h.alerts()).slice(before);
    assert.deepEqual(fresh.map((a) => a.chatId).sort(), [1001, 1002], 'once per admin');
    assert.equal(fresh[0]!.text, '🔌 <b>pi</b> tidak terdengar sejak 14:02. Mungkin listriknya padam, internetnya putus, atau worker-nya mati; cek mesinnya ya.');
    assert.deepEqual(fresh[0]!.buttons, [[{ text: '🔕 Bisukan 1 jam', data: 'alert:mute:host.pi:60' }, { text: '🔕 8 jam', data: 'alert:mute:host.pi:480' }, { text: '🔕 Sampai besok', data: 'alert:mute:host.pi:t' }]]);
    // The main host never checks itself: its own heartbeat is older still, and no alert names it.
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('host.home')), 0);
  });

  it('with two hosts known, every other alert and the digest start with the host name; the digest lists pi', async () => {
    const before = (await h.alerts()).length;
    await h.sampleAt(7 * 60, { cpu: 99, availMb: 100 });
    const fresh = (await h.alerts()).slice(before).map((a) => a.text);
    assert.ok(fresh.length >= 2);
    for (const t of fresh) assert.match(t, /^🖥️ home · 🚨 /, t);
    await h.sampleAt(7 * 60 + 30, { cpu: 10 });
    const back = (await h.alerts()).slice(before + fresh.length).map((a) => a.text);
    assert.ok(back.includes('🖥️ home · ✅ CPU sudah normal lagi. Tadi berlangsung 30 detik.'), back.join('\n'));
    // Alerts told outside the engine (a failed scheduled backup, SMART, a power action) too; other kinds not.
    for (const kind of ['alert', 'info'] as const) await tellAdmins(h.app.deps, { purpose: `told-${kind}`, id: 1, text: '💾 Backup terjadwal gagal.', kind, requestId: 't', source: 'backup', now: h.clock.now });
    const told = await h.producer.queue('notify').getJobs(['waiting', 'completed', 'active', 'delayed']);
    assert.equal((told.find((j) => j.id === 'told-alert.1.1001')?.data.payload as { text: string }).text, '🖥️ home · 💾 Backup terjadwal gagal.');
    assert.equal((told.find((j) => j.id === 'told-info.1.1001')?.data.payload as { text: string }).text, '💾 Backup terjadwal gagal.');
    const d = await digest(h);
    assert.match(d, /^🖥️ home · ☀️ Ringkasan harian server/);
    assert.match(d, /\n🔌 Server yang tidak terdengar: pi \(sejak 14:02\)\.\n/);
  });

  it('a reminder after ALERT_REMIND_MIN, then its heartbeat back: "terdengar lagi (N menit hilang)", once', async () => {
    const before = (await h.alerts()).length;
    h.clock.now = at(20);
    await h.run('health.hosts', {});
    const quiet = (await h.alerts()).slice(before).filter((a) => /<b>pi<\/b>/.test(a.text));
    assert.equal(quiet.length, 0, 'no reminder before 15 minutes');
    h.clock.now = at(21);
    await h.run('health.hosts', {});
    const remind = (await h.alerts()).slice(before).filter((a) => /<b>pi<\/b>/.test(a.text));
    assert.equal(remind.length, 2);
    assert.equal(remind[0]!.text, '⏰ Masih berlangsung (19 menit): 🔌 <b>pi</b> tidak terdengar sejak 14:02. Mungkin listriknya padam, internetnya putus, atau worker-nya mati; cek mesinnya ya.');

    await h.conn.set(pi.heartbeat, String(at(30)));
    h.clock.now = at(30);
    await h.run('health.hosts', {});
    await h.run('health.hosts', {});
    const back = (await h.alerts()).slice(before).filter((a) => /terdengar lagi/.test(a.text));
    assert.deepEqual(back.map((a) => a.text), ['✅ <b>pi</b> terdengar lagi (28 menit hilang).', '✅ <b>pi</b> terdengar lagi (28 menit hilang).']);
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('host.pi')), 0);
  });

  it('muted like any alert: nothing while muted, no recovery of an alert nobody heard of', async () => {
    const before = (await h.alerts()).length;
    h.clock.now = at(40);
    await h.run('health.mute', { alertId: 'host.pi', minutes: 60 }, 1001);
    h.clock.now = at(60);
    await h.run('health.hosts', {});
    h.clock.now = at(80);
    await h.run('health.hosts', {});
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('host.pi'), 'status'), 'firing', 'silent, but held back');
    await h.conn.set(pi.heartbeat, String(at(85)));
    h.clock.now = at(85);
    await h.run('health.hosts', {});
    assert.deepEqual((await h.alerts()).slice(before).map((a) => a.text), []);
  });

  it('a host removed from the registry drops its alert without a word', async () => {
    const before = (await h.alerts()).length;
    h.clock.now = at(200);
    await h.run('health.muteEnds', {});
    await h.run('health.hosts', {});
    assert.equal((await h.alerts()).length, before + 2, 'silent again after the mute ended');
    await h.conn.hdel(keys.hosts, 'pi');
    h.clock.now = at(201);
    await h.run('health.hosts', {});
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('host.pi')), 0);
    assert.equal(await h.conn.sismember(h.app.deps.keys.alertsOpen, 'host.pi'), 0);
    h.clock.now = at(240);
    await h.run('health.hosts', {});
    assert.equal((await h.alerts()).length, before + 2, 'no reminder, no recovery');
  });

  it('the scheduler: installed on the main host every minute, removed on a joined one', async () => {
    const producer = new Producer({ connection: h.conn, hostId: h.cfg.hostId, signer: () => loadProofKey(h.cfg.dataDir) });
    await installSchedules(producer, h.cfg, () => h.clock.now);
    const s = await producer.queue('read').getJobScheduler(HOSTS_SCHEDULER_ID);
    assert.equal(s?.name, 'health.hosts');
    assert.equal(Number(s?.every), 60_000);
    await installSchedules(producer, { ...h.cfg, hostRole: 'joined' }, () => h.clock.now);
    assert.equal(await producer.queue('read').getJobScheduler(HOSTS_SCHEDULER_ID), undefined);
  });
});

describe('a joined host (HOST_ROLE joined: cannot read the registry)', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness({ ...ENV, HOST_ID: 'pi', HOST_ROLE: 'joined' });
  });
  after(async () => h?.stop());

  it('names itself in every alert and the digest, and checks no other host', async () => {
    // The main host's entry and an old heartbeat: a main worker would call home silent, a joined one never looks.
    await h.conn.hset(keys.hosts, 'home', JSON.stringify({ name: 'home', addedAt: at(0) }));
    await h.conn.set(hostKeys('home').heartbeat, String(at(0)));
    assert.equal(await h.conn.hexists(keys.hosts, 'pi'), 0, 'a joined worker does not write the registry');
    h.clock.now = at(60);
    await h.run('health.hosts', {});
    await h.sampleAt(60 * 60, { cpu: 99 });
    assert.deepEqual(await texts(h), [
      '🖥️ pi · 🚨 🔥 CPU sibuk terus: 99% (batas 90%). Cek proses yang berat di 📊 Status.\n🕒 Mulai 15:00',
      '🖥️ pi · 🚨 🔥 CPU sibuk terus: 99% (batas 90%). Cek proses yang berat di 📊 Status.\n🕒 Mulai 15:00',
    ]);
    assert.match(await digest(h), /^🖥️ pi · ☀️ Ringkasan harian server/);
    assert.doesNotMatch(await digest(h), /tidak terdengar/);
  });
});

