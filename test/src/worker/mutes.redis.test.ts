import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { hostKeys } from '@potion/jobs';
import { createStandins, type Standins } from '@potion/testkit';
import { activeMutes, clearBackupMutes, nextMorning, setBackupMutes } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
let h: AlertHarness;
let standins: Standins;
before(async () => {
  standins = createStandins();
  standins.unit('n8n.service', 'active running');
  standins.unit('cloudflared.service', 'active running');
  h = await startAlertHarness({ ALERT_CPU_FOR_SEC: '0', ALERT_CLEAR_FOR_SEC: '0' }, { runner: createRunner({ env: { ...process.env, ...standins.env } }) });
});
after(async () => {
  await h.stop();
  standins.cleanup();
});

const texts = async () => (await h.producer.queue('notify').getJobs(['waiting', 'completed', 'active', 'delayed'])).map((j) => ({ id: j.id ?? '', text: (j.data.payload as { text: string }).text, chatId: (j.data.payload as { chatId: number }).chatId }));

test('until tomorrow means 07:00 in TIMEZONE the next day', () => {
  // 14:00 WIB on 25 Nov (07:00 UTC) → 07:00 WIB on 26 Nov (00:00 UTC).
  assert.equal(nextMorning(T0, 'Asia/Jakarta'), Date.UTC(2026, 10, 26, 0, 0, 0));
  // 05:00 WIB → the same morning at 07:00.
  assert.equal(nextMorning(Date.UTC(2026, 10, 24, 22, 0, 0), 'Asia/Jakarta'), Date.UTC(2026, 10, 25, 0, 0, 0));
});

test('a mute has an end shown in Status, holds the alert back, and a note arrives once when it ends', async () => {
  h.clock.now = T0;
  const id = await h.run('health.mute', { alertId: 'cpu', minutes: 2 }, 1001);
  assert.match((await h.result('read', id)).text, /alert "cpu" aku bisukan sampai 14:02/);
  const statusId = await h.run('status.summary', {}, 1001);
  assert.match((await h.result('read', statusId)).text, /🔕 Dibisukan: cpu s\/d 14:02/);

  await h.sampleAt(30, { cpu: 99 });
  assert.equal((await h.alerts()).length, 0, 'muted: no CPU alert');

  h.clock.now = T0 + 1 * MIN;
  await h.run('health.muteEnds', {});
  assert.equal((await texts()).filter((t) => t.id.startsWith('mute-end.')).length, 0, 'not yet');

  h.clock.now = T0 + 2 * MIN + 1000;
  await h.run('health.muteEnds', {});
  await h.run('health.muteEnds', {});
  const ends = (await texts()).filter((t) => t.id.startsWith('mute-end.'));
  assert.deepEqual(ends.map((e) => e.chatId).sort(), [1001, 1002], 'one note per admin, once');
  assert.match(ends[0]!.text, /Bisukan alert "cpu" sudah selesai \(sampai 14:02\)\. Alertnya aktif lagi/);
  const after = await h.run('status.summary', {}, 1001);
  assert.doesNotMatch((await h.result('read', after)).text, /Dibisukan/);
});

test('the host sample after a mute end announces it once (no minute job, decision 056)', async () => {
  h.clock.now = T0 + 5 * MIN;
  await h.run('health.mute', { alertId: 'ram', minutes: 2 }, 1001);
  await h.sampleAt(6 * 60, { availMb: 100 });
  const notes = async () => (await texts()).filter((t) => t.id.startsWith('mute-end.ram.'));
  assert.equal((await notes()).length, 0, 'not ended yet');
  assert.equal((await h.alerts()).filter((a) => /RAM/.test(a.text)).length, 0, 'muted');
  // The first sample past the end (samples every 30 s by default: within a minute of it).
  await h.sampleAt(7 * 60 + 30, { availMb: 100 });
  await h.sampleAt(8 * 60, { availMb: 100 });
  const ends = await notes();
  assert.deepEqual(ends.map((e) => e.chatId).sort(), [1001, 1002], 'one note per admin, once');
  assert.match(ends[0]!.text, /Bisukan alert "ram" sudah selesai \(sampai 14:07\)\. Alertnya aktif lagi/);
  await h.sampleAt(9 * 60, { availMb: 4096 });
});

test('maintenance mode mutes every alert until its end, and ending it early sends no end note', async () => {
  h.clock.now = T0 + 10 * MIN;
  const id = await h.run('health.mute', { alertId: 'all', minutes: 120 }, 1001);
  assert.match((await h.result('read', id)).text, /semua alert \(mode perawatan\) aku bisukan sampai 16:10/);
  await h.sampleAt(11 * 60, { rootPct: 97, availMb: 100 });
  assert.equal((await h.alerts()).filter((a) => /Disk|RAM/.test(a.text)).length, 0);
  const off = await h.run('health.mute', { alertId: 'all', minutes: 0 }, 1001);
  assert.match((await h.result('read', off)).text, /semua alert \(mode perawatan\) aktif lagi/);
  h.clock.now = T0 + 200 * MIN;
  await h.run('health.muteEnds', {});
  assert.equal((await texts()).filter((t) => t.id.startsWith('mute-end.all')).length, 0);
  await h.sampleAt(201 * 60, { rootPct: 40, availMb: 4096 });
});

test('a running backup mutes the CPU alert it causes, and only that one', async () => {
  h.clock.now = T0 + 300 * MIN;
  await setBackupMutes(h.conn, h.app.deps.keys, h.clock.now, 60 * MIN);
  assert.deepEqual((await activeMutes(h.conn, h.app.deps.keys, h.clock.now)).map((m) => `${m.id}:${m.by}`), ['cpu:backup']);
  const statusId = await h.run('status.summary', {}, 1001);
  assert.match((await h.result('read', statusId)).text, /cpu \(selama backup jalan\)/);
  const before = (await h.alerts()).length;
  await h.sampleAt(301 * 60, { cpu: 99, tempC: 99 });
  await h.sampleAt(306 * 60, { cpu: 99, tempC: 99 });
  const fresh = (await h.alerts()).slice(before).map((a) => a.text);
  assert.ok(fresh.some((t) => /Suhu CPU panas/.test(t)), 'temperature is not the backup’s own alert');
  assert.ok(!fresh.some((t) => /CPU sibuk/.test(t)), 'CPU busy is');
  await clearBackupMutes(h.conn, h.app.deps.keys);
  // Still busy after the backup: the next reminder (every 15 minutes) is no longer held back.
  await h.sampleAt(317 * 60, { cpu: 99, tempC: 99 });
  const later = (await h.alerts()).slice(before).map((a) => a.text);
  assert.ok(later.some((t) => /CPU sibuk/.test(t)), later.join(' | '));
});

test('a machine without a battery is noted once (a flag) and no power alert is ever sent', async () => {
  // Every sample of this file has no battery (synthetic default).
  assert.notEqual(await h.conn.get(h.app.deps.keys.noBattery), null);
  assert.equal((await h.alerts()).filter((a) => /Listrik|Baterai/.test(a.text)).length, 0);
});
