import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRunner } from '@potion/adapters';
import { createStandins, waitFor, type Standins } from '@potion/testkit';
import { readPowerSupply } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
let h: AlertHarness;
let standins: Standins;
let sys: string;

/** Writes the laptop's /sys/class/power_supply files as Ubuntu 24.04 shows them. */
function power(acOnline: boolean, capacity: number): void {
  const ac = join(sys, 'class', 'power_supply', 'AC');
  const bat = join(sys, 'class', 'power_supply', 'BAT0');
  mkdirSync(ac, { recursive: true });
  mkdirSync(bat, { recursive: true });
  writeFileSync(join(ac, 'type'), 'Mains\n');
  writeFileSync(join(ac, 'online'), acOnline ? '1\n' : '0\n');
  writeFileSync(join(bat, 'type'), 'Battery\n');
  writeFileSync(join(bat, 'present'), '1\n');
  writeFileSync(join(bat, 'status'), acOnline ? 'Charging\n' : 'Discharging\n');
  writeFileSync(join(bat, 'capacity'), `${capacity}\n`);
  // 44 Wh battery drawing 11 W: capacity% of 44 Wh lasts capacity% of 4 h.
  writeFileSync(join(bat, 'energy_now'), `${Math.round(440_000 * capacity)}\n`);
  writeFileSync(join(bat, 'power_now'), '11000000\n');
}

/** One sample at `min` minutes, with the power state read from the sysfs files. */
async function sampleAt(min: number): Promise<void> {
  await h.sampleAt((min * MIN) / 1000, { hddMount: h.cfg.hddMount, power: await readPowerSupply(sys) });
}

before(async () => {
  sys = mkdtempSync(join(tmpdir(), 'potion-sys-'));
  standins = createStandins();
  const runner = createRunner({ env: { ...process.env, ...standins.env } });
  h = await startAlertHarness({ POWER_ANNOUNCE_WAIT_SEC: '0', BATTERY_CRITICAL_PERCENT: '10' }, { runner });
});
after(async () => {
  await h.stop();
  standins.cleanup();
  rmSync(sys, { recursive: true, force: true });
});

test('a power cut is announced, then the critical battery, then exactly one clean shutdown; after boot the downtime is told', async () => {
  power(true, 100);
  await sampleAt(0);
  power(false, 83);
  await sampleAt(1);
  power(false, 40);
  await sampleAt(30);
  power(false, 9);
  await sampleAt(50);
  // The shutdown job runs on the `once` queue through sudo -n systemctl poweroff.
  await waitFor('poweroff through systemctl', () => (standins.powerCalls().length ? true : undefined));
  power(false, 8);
  await sampleAt(51);
  power(false, 7);
  await sampleAt(52);
  const once = await h.producer.queue('once').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
  assert.equal(once.filter((j) => j.name === 'host.shutdown').length, 1, 'one shutdown job');
  assert.deepEqual(standins.powerCalls(), ['poweroff']);

  const admin = (m: { chatId: number }) => m.chatId === 1001;
  const all = (await h.alerts()).filter(admin).map((m) => m.text);
  // A reminder every 15 minutes while it lasts carries the battery of that moment.
  assert.ok(all.some((t) => /^⏰ Masih berlangsung .*baterai 40%/.test(t)), all.join(' | '));
  const before = all.filter((t) => !t.startsWith('⏰'));
  assert.match(before[0] ?? '', /Listrik padam, baterai 83%, perkiraan tahan ~3 jam/);
  assert.match(before[1] ?? '', /Baterai tinggal 9% \(batas 10%\).*matikan server dengan rapi/s);
  assert.match(before[2] ?? '', /shutdown|dimatikan|matikan/i, 'the shutdown job announces itself');
  assert.equal(before.length, 3, `nothing else before the boot: ${before.join(' | ')}`);

  // The laptop is off until the power is back; it boots at minute 80 on AC.
  h.clock.now = T0 + 81 * MIN;
  power(true, 12);
  await h.restartWorker({ bootTime: T0 + 80 * MIN });
  await sampleAt(81);
  const afterBoot = (await h.alerts()).filter(admin).map((m) => m.text).slice(all.length);
  assert.equal(afterBoot.length, 2, afterBoot.join(' | '));
  assert.ok(afterBoot.some((t) => /Server sudah nyala lagi\. Tadi aku matikan dengan rapi pukul \d\d:\d\d karena baterai hampir habis.*Mati sekitar 28 menit/s.test(t)), afterBoot.join(' | '));
  assert.ok(afterBoot.some((t) => /Listrik nyala lagi setelah 1 jam 20 menit/.test(t)), afterBoot.join(' | '));
  assert.deepEqual(standins.powerCalls(), ['poweroff'], 'no second shutdown after boot');
});
