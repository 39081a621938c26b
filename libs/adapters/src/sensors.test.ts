import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSensors } from './sensors.js';
import { parseSmartHealth, parseSmartScan } from './smartctl.js';
import { sample } from './sample.test-helper.js';

test('sensors -j keeps the temperatures with their high mark and skips fans, volts and unwired sensors', () => {
  const t = parseSensors(sample('sensors-laptop.json'));
  assert.deepEqual(
    t.map((x) => `${x.label}=${x.celsius}/${x.highC}`),
    ['Package id 0=52/105', 'Core 0=50/105', 'Core 1=51/105', 'temp1=51/103'],
  );
});

test('no sensors ("{}" or nothing) gives an empty list', () => {
  assert.deepEqual(parseSensors('{\n}\n'), []);
  assert.deepEqual(parseSensors(''), []);
});

test('smartctl --scan keeps plain device paths only', () => {
  assert.deepEqual(parseSmartScan(sample('smart-scan.json')), [
    { name: '/dev/sda', type: 'sat' },
    { name: '/dev/nvme0', type: 'nvme' },
  ]);
});

test('a failing HDD reports SMART failed, bad sectors and the exit-status warnings', () => {
  const h = parseSmartHealth(sample('smart-failing.json'), '/dev/sdb');
  assert.equal(h.passed, false);
  assert.equal(h.model, 'ST500LM021-1KJ152');
  assert.equal(h.reallocatedSectors, 1184);
  assert.equal(h.pendingSectors, 24);
  assert.equal(h.uncorrectableSectors, 24);
  assert.equal(h.powerOnHours, 38211);
  assert.equal(h.temperatureC, 41);
  assert.deepEqual(h.warnings, ['disk failing (SMART status bad)', 'a pre-failure attribute is at or below its threshold']);
  assert.equal(h.error, undefined);
});

test('UDMA CRC errors (attribute 199) are read; a drive without the attribute leaves it undefined', () => {
  const json = JSON.stringify({
    smartctl: { version: [7, 4], exit_status: 0 },
    device: { name: '/dev/sdb', type: 'sat', protocol: 'ATA' },
    model_name: 'ST500LM021-1KJ152',
    smart_status: { passed: true },
    ata_smart_attributes: {
      revision: 1,
      table: [{ id: 199, name: 'UDMA_CRC_Error_Count', value: 200, worst: 200, thresh: 0, when_failed: '', flags: { value: 62, string: '-OSRCK ', prefailure: false }, raw: { value: 37, string: '37' } }],
    },
  });
  assert.equal(parseSmartHealth(json, '/dev/sdb').crcErrors, 37);
  assert.equal(parseSmartHealth(sample('smart-failing.json'), '/dev/sdb').crcErrors, undefined);
});

test('an NVMe drive reports percentage used', () => {
  const h = parseSmartHealth(sample('smart-nvme.json'), '/dev/nvme0');
  assert.equal(h.passed, true);
  assert.equal(h.percentageUsed, 7);
  assert.equal(h.reallocatedSectors, undefined);
});

test('smartctl without root: the open error is the error, no health verdict', () => {
  const h = parseSmartHealth(sample('smart-permission.json'), '/dev/sda');
  assert.equal(h.passed, undefined);
  assert.match(h.error ?? '', /Permission denied/);
});
