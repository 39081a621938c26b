import { scrubSecrets } from '@potion/platform';
import { BULL_BOARD_PATH } from './bull-board.js';
import { chartFigure, chartSpecs } from './charts.js';
import { ago, bytes, clock, duration, percent } from './format.js';
import type { HealthReport } from './health.js';
import { CHART_HOURS, type History } from './history.js';
import { alertsSection } from './home-alerts.js';
import { backupSection } from './home-backup.js';
import { servicesSection } from './home-services.js';
import { esc, page } from './html.js';
import type { Overview } from './overview.js';

export interface HomePageInput {
  hostId: string;
  timezone: string;
  now: number;
  overview: Overview;
  health: HealthReport;
  /** The sampler history of the chosen window, for the charts. */
  history: History;
  allowActions: boolean;
}

export function workerSection(i: Pick<HomePageInput, 'health' | 'overview' | 'now'>): string {
  const { health, overview, now } = i;
  const beat = overview.heartbeatAt !== null ? `detak terakhir ${ago(now - overview.heartbeatAt)}` : 'belum ada detak (heartbeat)';
  const sample = overview.sample ? `sampel terakhir ${ago(now - overview.sample.at)}` : 'belum ada sampel';
  const state = !overview.redisOk
    ? `<p class="bad">✖ Redis tidak bisa dibaca: ${esc(overview.redisError ?? 'tidak diketahui')}</p>`
    : health.ok
      ? `<p class="ok">✔ Worker berjalan</p>`
      : `<p class="bad">✖ Worker sepertinya berhenti. Cek di server: <code>systemctl status potion-worker</code> atau lihat log <code>npm start</code>.</p>`;
  return `<section><h2>Worker</h2>${state}<p class="muted">${esc(beat)} · ${esc(sample)}</p></section>`;
}

export function sampleSection(i: Pick<HomePageInput, 'overview' | 'now' | 'timezone'>): string {
  const s = i.overview.sample;
  if (!s) return `<section><h2>Kondisi server</h2><p class="muted">Belum ada data. Data muncul setelah worker mengambil sampel pertama.</p></section>`;
  const rows: string[] = [
    `<tr><th>CPU</th><td>${percent(s.cpu.usagePercent)} · load ${s.cpu.load1.toFixed(2)} / ${s.cpu.load5.toFixed(2)} / ${s.cpu.load15.toFixed(2)} (${s.cpu.cores} core)</td></tr>`,
    `<tr><th>RAM</th><td>${bytes(s.mem.usedBytes)} dari ${bytes(s.mem.totalBytes)} terpakai · tersedia ${bytes(s.mem.availableBytes)}</td></tr>`,
    `<tr><th>Swap</th><td>${bytes(s.mem.swapUsedBytes)} dari ${bytes(s.mem.swapTotalBytes)}</td></tr>`,
  ];
  for (const d of s.disks) {
    const cls = !d.mounted ? 'bad' : d.usePercent >= 90 ? 'bad' : d.usePercent >= 80 ? 'warn' : '';
    const text = d.mounted || d.mount === '/' ? `${percent(d.usePercent)} · ${bytes(d.usedBytes)} dari ${bytes(d.sizeBytes)}` : 'TIDAK ter-mount';
    rows.push(`<tr><th>Disk <code>${esc(d.mount)}</code></th><td class="${cls}">${esc(text)}</td></tr>`);
  }
  rows.push(`<tr><th>Suhu CPU</th><td>${s.tempC === null ? 'tidak terbaca' : `${s.tempC.toFixed(0)} °C`}</td></tr>`);
  rows.push(`<tr><th>Menyala</th><td>${esc(duration(s.uptimeSec * 1000))} (sejak ${esc(clock(s.bootTime, i.timezone))})</td></tr>`);
  return `<section><h2>Kondisi server</h2><table>${rows.join('')}</table><p class="muted">Diambil ${esc(ago(i.now - s.at))}.</p></section>`;
}

/**
 * The 1/6/24 h charts, drawn here as SVG from the stored history; the window is a link, no
 * script. `query` keeps the chosen host in the links (`host=pi&`) on a page of several hosts.
 */
export function chartsSection(i: Pick<HomePageInput, 'history' | 'timezone'>, opts: { query?: string; title?: string; hosts?: string } = {}): string {
  const h = i.history;
  const links = CHART_HOURS.map((n) => `<a href="/?${opts.query ?? ''}jam=${n}#grafik"${n === h.hours ? ' aria-current="page"' : ''}>${n} jam</a>`).join('');
  const head = `<section id="grafik"><h2>${esc(opts.title ?? 'Grafik')} ${h.hours} jam terakhir</h2>${opts.hosts ?? ''}<nav class="range">${links}</nav>`;
  if (h.samples === 0) {
    return `${head}<p class="muted">Belum ada riwayat untuk ${h.hours} jam terakhir. Worker menyimpan satu sampel per menit; grafiknya muncul sendiri.</p></section>`;
  }
  const figures = chartSpecs(h).map((spec) => chartFigure(spec, h, i.timezone)).join('');
  const step = Math.round(h.stepMs / 60_000);
  return `${head}<div class="charts">${figures}</div><p class="muted">${h.samples} sampel, tiap titik rata-rata ${step} menit.</p></section>`;
}

/** The home page: the host at a glance, in Indonesian, readable on a phone, no script. */
export function homePage(i: HomePageInput, secrets: readonly string[]): string {
  const body = `<h1>potion-runner · ${esc(i.hostId)}</h1>
<nav><a href="${BULL_BOARD_PATH}">Buka Bull Board (antrian job)</a><a class="secondary" href="/metrics">Metrics</a><a class="secondary" href="/logout">Keluar</a></nav>
${workerSection(i)}
${alertsSection(i.overview.alerts, i)}
${servicesSection(i.overview, i)}
${sampleSection(i)}
${chartsSection(i)}
${backupSection(i.overview, i)}
<p class="muted">Diperbarui ${esc(clock(i.now, i.timezone))}. Muat ulang halaman untuk data terbaru. Bull Board ${i.allowActions ? 'boleh retry/clean' : 'hanya-baca'}.</p>`;
  return scrubSecrets(page(`potion-runner · ${i.hostId}`, body), secrets);
}
