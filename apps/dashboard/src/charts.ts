import { hhmm, percent } from './format.js';
import type { History, Series } from './history.js';
import { esc } from './html.js';

/** Drawing box of every chart (the SVG scales to the column's width, text with it). */
const W = 320;
const H = 140;
const PAD = { left: 30, right: 6, top: 8, bottom: 18 };
const COLORS = ['#1d4ed8', '#6d28d9', '#dc2626', '#0f766e', '#b45309', '#be185d'];
const colorOf = (spec: { hue: number }, k: number) => COLORS[(spec.hue + k) % COLORS.length]!;

export interface ChartSpec {
  title: string;
  /** "%" or " °C": appended to the numbers shown. */
  unit: string;
  min: number;
  max: number;
  lines: Series[];
  /** The colour of the first line (COLORS index), so each chart has its own. */
  hue: number;
}

const fmt = (v: number, unit: string) => (unit === '%' ? percent(Math.round(v * 10) / 10) : `${Math.round(v)}${unit}`);
const round1 = (v: number) => Math.round(v * 10) / 10;

/** The path of one line: a gap (null) lifts the pen; a lone point is drawn as a dot (round cap). */
function pathOf(values: Array<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const next = values[i + 1];
    const alone = !pen && (next === null || next === undefined);
    parts.push(`${pen ? 'L' : 'M'}${round1(x(i))} ${round1(y(v))}${alone ? 'h0.1' : ''}`);
    pen = true;
  });
  return parts.join('');
}

/** "sekarang 23% · puncak 80%" of one line; null when it has no value. */
export function lineSummary(s: Series, unit: string): string | null {
  if (s.last === null || s.peak === null) return null;
  return `sekarang ${fmt(s.last, unit)} · puncak ${fmt(s.peak, unit)}`;
}

/** One chart as inline SVG (no script, no request): grid, time axis in TIMEZONE, one path per line. */
export function chartSvg(spec: ChartSpec, h: History, timeZone: string): string {
  const n = Math.max(1, h.cpu.values.length);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + ((i + 0.5) / n) * plotW;
  const y = (v: number) => PAD.top + (1 - (Math.min(spec.max, Math.max(spec.min, v)) - spec.min) / (spec.max - spec.min)) * plotH;
  const grid = [spec.min, (spec.min + spec.max) / 2, spec.max]
    .map((v) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${round1(y(v))}" y2="${round1(y(v))}" class="g"/><text x="${PAD.left - 3}" y="${round1(y(v) + 3)}" text-anchor="end">${esc(Math.round(v))}</text>`)
    .join('');
  const ticks = [0, 0.5, 1]
    .map((f, k) => `<text x="${round1(PAD.left + f * plotW)}" y="${H - 5}" text-anchor="${['start', 'middle', 'end'][k]}">${esc(hhmm(h.from + f * (h.to - h.from), timeZone))}</text>`)
    .join('');
  const points = spec.lines.reduce((sum, l) => sum + l.values.filter((v) => v !== null).length, 0);
  const paths = spec.lines
    .map((l, k) => `<path d="${pathOf(l.values, x, y)}" stroke="${colorOf(spec, k)}" data-points="${l.values.filter((v) => v !== null).length}"/>`)
    .join('');
  const label = `${spec.title}, ${h.hours} jam terakhir`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" data-points="${points}"><title>${esc(label)}</title>${grid}${ticks}<g class="l">${paths}</g></svg>`;
}

/** A chart with its caption: the title, the latest and highest value of each line, a legend for several. */
export function chartFigure(spec: ChartSpec, h: History, timeZone: string): string {
  const captions = spec.lines
    .map((l, k) => {
      const s = lineSummary(l, spec.unit);
      const swatch = spec.lines.length > 1 ? `<span class="sw" style="background:${colorOf(spec, k)}"></span><code>${esc(l.label)}</code> ` : '';
      return s === null ? `${swatch}<span class="muted">belum ada data</span>` : `${swatch}${esc(s)}`;
    })
    .join('<br>');
  return `<figure><figcaption><strong>${esc(spec.title)}</strong><br>${captions || '<span class="muted">belum ada data</span>'}</figcaption>${chartSvg(spec, h, timeZone)}</figure>`;
}

/** The four charts of the page: CPU, RAM, temperature (scaled to its data), disks (one line per mount). */
export function chartSpecs(h: History): ChartSpec[] {
  const temps = h.temp.values.filter((v): v is number => v !== null);
  return [
    { title: 'CPU', unit: '%', min: 0, max: 100, lines: [h.cpu], hue: 0 },
    { title: 'RAM terpakai', unit: '%', min: 0, max: 100, lines: [h.ram], hue: 1 },
    { title: 'Suhu CPU', unit: ' °C', min: Math.floor(Math.min(30, ...temps) / 10) * 10, max: Math.ceil(Math.max(90, ...temps) / 10) * 10, lines: [h.temp], hue: 2 },
    { title: 'Disk terpakai', unit: '%', min: 0, max: 100, lines: h.disks.length > 0 ? h.disks : [{ label: '/', values: h.cpu.values.map(() => null), last: null, peak: null }], hue: 3 },
  ];
}
