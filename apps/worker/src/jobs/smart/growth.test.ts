import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SmartRecord } from '@potion/jobs';
import { smartGrowthOf } from './growth.js';
import { smartAlertText } from './present.js';

const base: SmartRecord = { at: 1, device: '/dev/sdb', model: 'ST500LM021-1KJ152', passed: true, reallocatedSectors: 0, pendingSectors: 0, uncorrectableSectors: 0, crcErrors: 0, powerOnHours: 38211 };

test('the first check has nothing to compare with, and power-on hours growing is normal', () => {
  assert.deepEqual(smartGrowthOf(undefined, base), []);
  assert.deepEqual(smartGrowthOf(base, { ...base, at: 2, powerOnHours: 38379 }), []);
});

test('grown sectors and a verdict turned bad are named; values that fell or stayed are not', () => {
  const cur = { ...base, at: 2, reallocatedSectors: 8, pendingSectors: 0, crcErrors: 3, passed: false };
  assert.deepEqual(smartGrowthOf({ ...base, pendingSectors: 2 }, cur), [
    { attr: 'reallocatedSectors', from: 0, to: 8 },
    { attr: 'crcErrors', from: 0, to: 3 },
    { attr: 'passed', from: 1, to: 0 },
  ]);
});

test('the alert says what each value means and the one safe thing to do', () => {
  const text = smartAlertText({ ...base, reallocatedSectors: 8 }, [{ attr: 'reallocatedSectors', from: 0, to: 8 }]);
  assert.match(text, /^💽⚠️ Disk \/dev\/sdb \(ST500LM021-1KJ152\) menunjukkan tanda menua/);
  assert.match(text, /Sektor yang dipindah \(reallocated\): 0 → 8 — bagian disk yang rusak/);
  assert.match(text, /Yang aman dilakukan: backup sekarang \(💾 Backup → Backup now\), siapkan HDD pengganti\.$/);
  const cable = smartAlertText(base, [{ attr: 'crcErrors', from: 0, to: 3 }]);
  assert.match(cable, /kabel\/konektor SATA/);
  assert.match(cable, /backup sekarang .*kabel SATA.*siapkan HDD pengganti/);
});
