import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diskFullSoon, forecastAlertText, forecastDisk, forecastLine, type DiskPoint } from './disk-forecast.js';
import { diskPointsOf } from './disk-points.js';

const START = Date.UTC(2026, 10, 24, 0, 0, 0);
const STEP = 30_000;

/** 24 h of points every 30 s: start% plus `perDay` growth, with deterministic noise of ±noise. */
function series(start: number, perDay: number, noise = 0, hours = 24): DiskPoint[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const n = (hours * 3600_000) / STEP;
  return Array.from({ length: n }, (_, i) => ({ at: START + i * STEP, usePercent: start + (perDay * i * STEP) / 86_400_000 + noise * rnd() }));
}

test('a flat disk gives no forecast', () => {
  assert.equal(forecastDisk('/', series(70, 0)), undefined);
});

test('a disk filling 3% a day from 73% is full in ~9 days and says so in Indonesian', () => {
  const f = forecastDisk('/', series(70, 3));
  assert.ok(f);
  assert.ok(Math.abs(f.slopePerDay - 3) < 0.01);
  assert.equal(Math.round(f.daysToFull), 9);
  assert.match(forecastLine(f), /^⏳ Disk \/ penuh dalam ~9 hari kalau terus begini \(naik ~3%\/hari\)\. Hapus file besar/);
});

test('a clear trend under noise is still forecast; noise without a trend is not', () => {
  const trend = forecastDisk('/mnt/hdd', series(80, 2, 0.3));
  assert.ok(trend, 'trend with noise');
  assert.ok(Math.abs(trend.daysToFull - 9) < 1.5);
  assert.equal(forecastDisk('/', series(80, 0, 2)), undefined, 'noise alone');
  assert.equal(forecastDisk('/', series(80, 0.5, 3)), undefined, 'a small rise buried in noise (poor fit)');
});

test('a shrinking disk, a too short history, or a fill months away gives no forecast', () => {
  assert.equal(forecastDisk('/', series(80, -3)), undefined);
  assert.equal(forecastDisk('/', series(70, 3, 0, 6)), undefined, '6 h is too short');
  assert.equal(forecastDisk('/', series(10, 0.5)), undefined, '180 days away');
});

test('diskFullSoon picks the mounts full within the window, for an early alert', () => {
  const byMount = new Map([
    ['/', series(90, 4)],
    ['/mnt/hdd', series(50, 1)],
  ]);
  const soon = diskFullSoon(byMount, 7);
  assert.deepEqual(soon.map((f) => f.mount), ['/']);
  assert.match(forecastAlertText(soon[0]!), /Disk \/ diperkirakan penuh dalam ~36 jam \(sekarang 94%\)[\s\S]*Yang aman dilakukan sekarang/);
});

test('disk points are read from sampler history lines, skipping unmounted disks and broken lines', () => {
  const lines = [
    JSON.stringify({ at: 2, disks: [{ mount: '/', mounted: true, usePercent: 51 }, { mount: '/mnt/hdd', mounted: false, usePercent: 0 }] }),
    'not json',
    JSON.stringify({ at: 1, disks: [{ mount: '/', mounted: true, usePercent: 50 }] }),
  ];
  const m = diskPointsOf(lines);
  assert.deepEqual(m.get('/'), [{ at: 2, usePercent: 51 }, { at: 1, usePercent: 50 }]);
  assert.equal(m.has('/mnt/hdd'), false);
  assert.equal(diskPointsOf(Array.from({ length: 3000 }, (_, i) => JSON.stringify({ at: i, disks: [{ mount: '/', usePercent: 1 }] }))).get('/')!.length, 300);
});
