import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { LINE_COLOURS, renderChart } from './render.js';
import { syntheticHistory } from './synthetic.js';

const END = Date.UTC(2026, 10, 25, 7, 0, 0);

function countColour(png: PNG, c: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === c[0] && png.data[i + 1] === c[1] && png.data[i + 2] === c[2]) n++;
  return n;
}

test('a 24 h chart of 2880 samples decodes as an 800 px wide PNG with four panels of drawn lines', () => {
  const chart = renderChart({ samples: syntheticHistory(2880, END), hours: 24, now: END, timeZone: 'Asia/Jakarta' });
  const png = PNG.sync.read(chart.png);
  assert.equal(png.width, 800);
  assert.equal(png.height, chart.height);
  assert.ok(png.height > 500, `four panels need height, got ${png.height}`);
  assert.equal(chart.points, 2880);
  // The first colour draws CPU, RAM, temperature and the root disk; the second the HDD line.
  assert.ok(countColour(png, LINE_COLOURS[0]!) > 4 * 700, 'the lines span the width of each panel');
  assert.ok(countColour(png, LINE_COLOURS[1]!) > 700, 'the HDD line is drawn');
});

test('a 1 h chart uses only the last hour of samples and one metric draws one panel', () => {
  const chart = renderChart({ samples: syntheticHistory(2880, END), hours: 1, now: END, timeZone: 'Asia/Jakarta', metric: 'cpu' });
  assert.equal(chart.points, 121);
  const png = PNG.sync.read(chart.png);
  assert.ok(png.height < 250);
  assert.ok(countColour(png, LINE_COLOURS[0]!) > 500);
});

test('an empty history still renders axes without any line', () => {
  const chart = renderChart({ samples: [], hours: 6, now: END, timeZone: 'Asia/Jakarta' });
  const png = PNG.sync.read(chart.png);
  assert.equal(chart.points, 0);
  assert.equal(countColour(png, LINE_COLOURS[0]!), 0);
});

test('samples further apart than the gap are not joined by a line', () => {
  const s = syntheticHistory(2, END, 3600_000);
  const joined = PNG.sync.read(renderChart({ samples: s, hours: 6, now: END, timeZone: 'UTC', metric: 'cpu', gapMs: 2 * 3600_000 }).png);
  const apart = PNG.sync.read(renderChart({ samples: s, hours: 6, now: END, timeZone: 'UTC', metric: 'cpu', gapMs: 90_000 }).png);
  assert.ok(countColour(joined, LINE_COLOURS[0]!) > 100);
  assert.ok(countColour(apart, LINE_COLOURS[0]!) <= 8);
});
