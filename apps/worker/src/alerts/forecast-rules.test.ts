import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiskPoint } from '../forecast/disk-forecast.js';
import { forecastAlertId, observeForecast } from './forecast-rules.js';

const END = Date.UTC(2026, 10, 25, 0, 0, 0);

/** 24 h at one point a minute, ending at `now`% and rising `perDay` points a day. */
function rising(now: number, perDay: number): DiskPoint[] {
  return Array.from({ length: 1440 }, (_, i) => ({ at: END - i * 60_000, usePercent: now - (perDay * i) / 1440 }));
}

const levelOf = (pts: DiskPoint[], diskPercent = 90) => observeForecast({ byMount: new Map([['/', pts]]), hddMount: '/mnt/hdd', diskPercent })[0]!.level;

test('a mount full within 7 days under the threshold is bad; flat or far away is clear', () => {
  assert.equal(levelOf(rising(74, 4)), 'bad'); // ~6.5 days
  assert.equal(levelOf(rising(70, 0)), 'clear');
  assert.equal(levelOf(rising(40, 1)), 'clear'); // ~60 days
});

test('between 7 and 10.5 days it holds, so a forecast near the edge does not flap', () => {
  assert.equal(levelOf(rising(64, 4)), 'hold'); // ~9 days
  assert.equal(levelOf(rising(50, 4)), 'clear'); // ~12.5 days
});

test('past the disk threshold the early alert holds: the "hampir penuh" alert speaks', () => {
  assert.equal(levelOf(rising(92, 4)), 'hold');
});

test('ids are per mount and fit callback data', () => {
  assert.equal(forecastAlertId('/', '/mnt/hdd'), 'forecast.root');
  assert.equal(forecastAlertId('/mnt/hdd', '/mnt/hdd'), 'forecast.hdd');
  assert.equal(forecastAlertId('/srv/data disk', '/mnt/hdd'), 'forecast.srv_data_disk');
  const [o] = observeForecast({ byMount: new Map([['/mnt/hdd', rising(74, 4)]]), hddMount: '/mnt/hdd', diskPercent: 90 });
  assert.equal(o!.family, 'disk');
  assert.deepEqual(o!.buttons, [[{ text: '📂 Lihat yang besar', data: 'alert:big:hdd' }]]);
});

test('the early alert of / offers 🧹 Bersihkan like the disk alert; the HDD only 📂 Lihat yang besar', () => {
  const [root, hdd] = observeForecast({ byMount: new Map([['/', rising(74, 4)], ['/mnt/hdd', rising(74, 4)]]), hddMount: '/mnt/hdd', diskPercent: 90 });
  assert.deepEqual(root!.buttons, [[{ text: '📂 Lihat yang besar', data: 'alert:big:root' }, { text: '🧹 Bersihkan', data: 'clean:plan' }]]);
  assert.deepEqual(hdd!.buttons, [[{ text: '📂 Lihat yang besar', data: 'alert:big:hdd' }]]);
});
