import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pickTempSource, readCpuTemp } from './cpu-temp.js';

/** The sysfs of an i5-4210U laptop on Ubuntu 24.04: ACPI zone, coretemp package and cores. */
function haswellSys(): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-sys-'));
  const put = (rel: string, text: string) => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, `${text}\n`);
  };
  put('class/hwmon/hwmon0/name', 'acpitz');
  put('class/hwmon/hwmon0/temp1_input', '45000');
  put('class/hwmon/hwmon2/name', 'coretemp');
  put('class/hwmon/hwmon2/temp1_label', 'Package id 0');
  put('class/hwmon/hwmon2/temp1_input', '52000');
  put('class/hwmon/hwmon2/temp2_label', 'Core 0');
  put('class/hwmon/hwmon2/temp2_input', '51000');
  put('class/hwmon/hwmon2/temp3_label', 'Core 1');
  put('class/hwmon/hwmon2/temp3_input', '50000');
  put('class/thermal/thermal_zone0/type', 'acpitz');
  put('class/thermal/thermal_zone0/temp', '45000');
  put('class/thermal/thermal_zone1/type', 'x86_pkg_temp');
  put('class/thermal/thermal_zone1/temp', '52000');
  return root;
}

describe('CPU temperature from sysfs', () => {
  it('reads the coretemp package sensor of an Intel laptop, in °C', async () => {
    assert.equal(await readCpuTemp(haswellSys()), 52);
  });

  it('prefers the package, then AMD Tctl, then the x86_pkg_temp zone, and ACPI last', () => {
    const c = (label: string) => ({ label, path: label });
    assert.equal(pickTempSource([c('acpitz'), c('Core 0'), c('Package id 0')])?.label, 'Package id 0');
    assert.equal(pickTempSource([c('acpitz'), c('Tctl')])?.label, 'Tctl');
    assert.equal(pickTempSource([c('acpitz'), c('x86_pkg_temp')])?.label, 'x86_pkg_temp');
    assert.equal(pickTempSource([c('acpitz')])?.label, 'acpitz');
    assert.equal(pickTempSource([c('iwlwifi_1')]), undefined);
  });

  it('a machine without sensors (a VM, a container) has no temperature', async () => {
    assert.equal(await readCpuTemp(mkdtempSync(join(tmpdir(), 'potion-sys-'))), null);
  });
});
