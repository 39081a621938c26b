import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartSvg, lineSummary } from './charts.js';
import type { History, Series } from './history.js';

const series = (values: Array<number | null>): Series => {
  const vals = values.filter((v): v is number => v !== null);
  return { label: 'CPU', values, last: vals.at(-1) ?? null, peak: vals.length ? Math.max(...vals) : null };
};

function history(values: Array<number | null>): History {
  const s = series(values);
  return { hours: 1, from: Date.UTC(2026, 10, 25, 7), to: Date.UTC(2026, 10, 25, 8), stepMs: 3_600_000 / values.length, samples: 3, cpu: s, ram: s, temp: s, disks: [] };
}

test('a gap in the history lifts the pen, and a lone point is still drawn', () => {
  const h = history([10, 20, null, 50, null, null]);
  const svg = chartSvg({ title: 'CPU', unit: '%', min: 0, max: 100, lines: [h.cpu], hue: 0 }, h, 'UTC');
  const d = /<path d="([^"]+)"/.exec(svg)![1]!;
  assert.equal(d.match(/M/g)!.length, 2, 'two pieces: before and after the gap');
  assert.match(d, /^M[\d.]+ [\d.]+L[\d.]+ [\d.]+M[\d.]+ [\d.]+h0\.1$/);
  assert.match(svg, /data-points="3"/);
  assert.match(svg, />07:00<\/text>.*>07:30<\/text>.*>08:00<\/text>/, 'the time axis in the given zone');
});

test('the caption says the newest and the highest value, Indonesian style', () => {
  assert.equal(lineSummary(series([10, 87.25, 30]), '%'), 'sekarang 30% · puncak 87,3%');
  assert.equal(lineSummary(series([null, null]), '%'), null);
});
