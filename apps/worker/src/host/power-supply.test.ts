import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { syntheticSample } from '../alerts/synthetic.js';
import { minutesLeft, observePower } from '../alerts/power-rules.js';
import { readPowerSupply } from './power-supply.js';
import { takeSample } from './sampler.js';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A sysfs tree like Ubuntu 24.04's on a ThinkPad (AC + BAT0), files with their trailing newline. */
function sysfs(supplies: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-sys-'));
  roots.push(root);
  for (const [name, files] of Object.entries(supplies)) {
    const dir = join(root, 'class', 'power_supply', name);
    mkdirSync(dir, { recursive: true });
    for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), `${v}\n`);
  }
  return root;
}

test('a laptop on battery reports AC offline, its charge and the time left from energy_now / power_now', async () => {
  const root = sysfs({
    AC: { type: 'Mains', online: '0' },
    BAT0: { type: 'Battery', present: '1', status: 'Discharging', capacity: '83', energy_now: '30430000', power_now: '15215000' },
  });
  assert.deepEqual(await readPowerSupply(root), { acOnline: false, batteryPercent: 83, status: 'Discharging', minutesLeft: 120 });
});

test('a battery that reports charge_now / current_now (µAh, µA) gives the time left too', async () => {
  const root = sysfs({
    ADP1: { type: 'Mains', online: '0' },
    BAT1: { type: 'Battery', present: '1', status: 'Discharging', capacity: '40', charge_now: '1800000', current_now: '1200000' },
  });
  assert.equal((await readPowerSupply(root))?.minutesLeft, 90);
});

test('on AC the time left is not estimated, and a desktop without a battery has no power state', async () => {
  const laptop = sysfs({ AC: { type: 'Mains', online: '1' }, BAT0: { type: 'Battery', present: '1', status: 'Charging', capacity: '60', energy_now: '1', power_now: '5' } });
  assert.deepEqual(await readPowerSupply(laptop), { acOnline: true, batteryPercent: 60, status: 'Charging', minutesLeft: null });
  const desktop = sysfs({ 'hidpp_battery_0': { type: 'Battery', scope: 'Device', status: 'Discharging' } });
  assert.equal(await readPowerSupply(desktop), null);
  assert.equal(await readPowerSupply(join(desktop, 'nothing')), null);
});

test('without a rate from the driver the time left comes from the capacity trend', () => {
  const prev = syntheticSample({ at: 0, power: { acOnline: false, batteryPercent: 50, status: 'Discharging', minutesLeft: null } });
  const cur = syntheticSample({ at: 10 * 60_000, power: { acOnline: false, batteryPercent: 45, status: 'Discharging', minutesLeft: null } });
  assert.equal(minutesLeft(cur, prev), 90);
  assert.equal(minutesLeft(cur, undefined), null);
});

test('the power rule is bad on battery, the battery rule only at the critical level, both clear on AC', () => {
  const on = (pct: number, ac: boolean) => syntheticSample({ at: 0, power: { acOnline: ac, batteryPercent: pct, status: ac ? 'Charging' : 'Discharging', minutesLeft: 120 } });
  const levels = (pct: number, ac: boolean) => observePower(on(pct, ac), undefined, 10).map((o) => `${o.id}=${o.level}`).join(' ');
  assert.equal(levels(83, false), 'power=bad battery=hold');
  assert.equal(levels(10, false), 'power=bad battery=bad');
  assert.equal(levels(10, true), 'power=clear battery=clear');
  assert.match(observePower(on(83, false), undefined, 10)[0]!.text, /listrik padam, baterai 83%, perkiraan tahan ~2 jam/i);
  assert.deepEqual(observePower(syntheticSample({ at: 0 }), undefined, 10), []);
});

test('the sampler carries the power state read from sysRoot', async () => {
  const root = sysfs({ AC: { type: 'Mains', online: '0' }, BAT0: { type: 'Battery', present: '1', status: 'Discharging', capacity: '55', energy_now: '20000000', power_now: '10000000' } });
  const s = await takeSample({ hddMount: root, procRoot: '/proc', sysRoot: root, now: Date.now });
  assert.deepEqual(s.power, { acOnline: false, batteryPercent: 55, status: 'Discharging', minutesLeft: 120 });
});
