import { zoneOffsetMs, type HostSample } from '@potion/jobs';
import { Canvas, type Rgb } from './canvas.js';
import { ADVANCE } from './font.js';
import { CHART_METRICS, panelsOf, type ChartMetric, type Panel } from './series.js';

export interface ChartOptions {
  /** Samples from the sampler's history, any order. */
  samples: readonly HostSample[];
  /** Window length in hours (1, 6 or 24). */
  hours: number;
  /** The right edge of the chart, unix ms. */
  now: number;
  /** IANA zone for the time labels. */
  timeZone: string;
  /** Only this panel; default all four. */
  metric?: ChartMetric;
  /** Points further apart than this are not joined (the sampler was down). Default 90 s. */
  gapMs?: number;
  /** Default 800 px. */
  width?: number;
}

export interface Chart {
  png: Buffer;
  width: number;
  height: number;
  /** Samples inside the window. */
  points: number;
}

const BG: Rgb = [255, 255, 255];
const GRID: Rgb = [225, 225, 225];
const AXIS: Rgb = [90, 90, 90];
const TEXT: Rgb = [40, 40, 40];
/** Line colours in order (one per line of a panel). */
export const LINE_COLOURS: readonly Rgb[] = [
  [31, 119, 180],
  [214, 39, 40],
  [44, 160, 44],
  [148, 103, 189],
];

const LEFT = 44;
const RIGHT = 14;
const TOP = 28;
const PANEL_H = 120;
const PANEL_GAP = 30;
const BOTTOM = 26;


function hhmm(at: number, offset: number): string {
  const d = new Date(at + offset);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** Tick times (unix ms) on round local times inside [from, to]. */
function ticks(from: number, to: number, hours: number, offset: number): number[] {
  const step = (hours <= 1 ? 15 : hours <= 6 ? 60 : 240) * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) out.push(t);
  return out;
}

function drawPanel(c: Canvas, p: Panel, top: number, from: number, to: number, gapMs: number, tickTimes: number[]): void {
  const plotW = c.width - LEFT - RIGHT;
  const x = (at: number): number => LEFT + ((at - from) / (to - from)) * plotW;
  const y = (v: number): number => top + PANEL_H - ((Math.min(p.max, Math.max(p.min, v)) - p.min) / (p.max - p.min)) * PANEL_H;
  // Title and legend above the panel.
  c.text(LEFT, top - 16, `${p.title} (${p.unit})`, TEXT, 2);
  let lx = LEFT + (p.title.length + 5) * ADVANCE * 2 + 10;
  if (p.lines.length > 1) {
    p.lines.forEach((l, i) => {
      c.fillRect(lx, top - 12, 12, 6, LINE_COLOURS[i % LINE_COLOURS.length]!);
      c.text(lx + 16, top - 13, l.label, TEXT);
      lx += 16 + (l.label.length + 2) * ADVANCE;
    });
  }
  // Grid: quarters of the range, labelled on the left.
  for (let q = 0; q <= 4; q++) {
    const v = p.min + ((p.max - p.min) * q) / 4;
    const yy = Math.round(y(v));
    c.line(LEFT, yy, LEFT + plotW, yy, q === 0 ? AXIS : GRID);
    const label = String(Math.round(v));
    c.text(LEFT - 6 - label.length * ADVANCE, yy - 3, label, TEXT);
  }
  for (const t of tickTimes) c.line(Math.round(x(t)), top, Math.round(x(t)), top + PANEL_H, GRID);
  c.line(LEFT, top, LEFT, top + PANEL_H, AXIS);
  p.lines.forEach((l, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length]!;
    let prev: { at: number; value: number } | undefined;
    for (const pt of l.points) {
      if (pt.value === null) {
        prev = undefined;
        continue;
      }
      const cur = { at: pt.at, value: pt.value };
      if (prev && cur.at - prev.at <= gapMs) c.line(x(prev.at), y(prev.value), x(cur.at), y(cur.value), colour, 2);
      else c.fillRect(x(cur.at), y(cur.value), 2, 2, colour);
      prev = cur;
    }
  });
}

/**
 * Renders the sampler history as one PNG: a panel per metric (CPU %, RAM %, temperature,
 * disk % per mount) over the last `hours`, with local time labels. Pure JS (pngjs), no
 * native build step.
 */
export function renderChart(o: ChartOptions): Chart {
  const width = o.width ?? 800;
  const to = o.now;
  const from = to - o.hours * 3600_000;
  const metrics = o.metric ? [o.metric] : CHART_METRICS;
  const panels = panelsOf(o.samples, from, to, metrics);
  const height = TOP + panels.length * (PANEL_H + PANEL_GAP) - PANEL_GAP + BOTTOM + 10;
  const c = new Canvas(width, height, BG);
  const offset = zoneOffsetMs(to, o.timeZone);
  const tickTimes = ticks(from, to, o.hours, offset);
  panels.forEach((p, i) => drawPanel(c, p, TOP + i * (PANEL_H + PANEL_GAP), from, to, o.gapMs ?? 90_000, tickTimes));
  const plotW = width - LEFT - RIGHT;
  const axisY = height - BOTTOM + 4;
  for (const t of tickTimes) {
    const label = hhmm(t, offset);
    const xx = LEFT + ((t - from) / (to - from)) * plotW - (label.length * ADVANCE) / 2;
    c.text(Math.max(0, Math.min(width - label.length * ADVANCE, xx)), axisY, label, TEXT);
  }
  const points = panels[0]?.lines[0]?.points.length ?? o.samples.filter((s) => s.at >= from && s.at <= to).length;
  return { png: c.png(), width, height, points };
}
