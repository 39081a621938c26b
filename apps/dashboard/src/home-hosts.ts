import { scrubSecrets } from '@potion/platform';
import { BULL_BOARD_PATH } from './bull-board.js';
import { clock, localTime, percent } from './format.js';
import type { History } from './history.js';
import { alertsSection } from './home-alerts.js';
import { backupSection } from './home-backup.js';
import { chartsSection, sampleSection, workerSection } from './home-page.js';
import { servicesSection } from './home-services.js';
import type { HostView } from './host-view.js';
import { lastSignOfLife } from './hosts.js';
import { esc, page } from './html.js';

export interface HostsPageInput {
  hosts: readonly HostView[];
  /** The host whose charts are drawn (`?host=`); the others get a link. */
  chartHostId: string;
  timezone: string;
  now: number;
  history: History;
  allowActions: boolean;
}

/** The host whose charts the page draws: `?host=<id>` when it is a known host, else the first (its own). */
export function chartHostOf(query: unknown, hosts: readonly HostView[]): HostView {
  const raw = query !== null && typeof query === 'object' ? (query as Record<string, unknown>).host : undefined;
  return hosts.find((h) => h.hostId === raw) ?? hosts[0]!;
}

/** "🟢 nyala · CPU 12% · RAM 40% · disk / 55% · suhu 48 °C · 1 alert", or since when it is silent. */
export function hostStatusLine(h: HostView, i: { now: number; timezone: string }): string {
  const o = h.overview;
  const parts: string[] = [];
  const heard = lastSignOfLife(o);
  if (h.up) parts.push('<span class="ok">🟢 nyala</span>');
  else if (heard !== null) parts.push(`<span class="bad">🔴 tidak terdengar sejak ${esc(localTime(heard, i.now, i.timezone))}</span>`);
  else parts.push('<span class="bad">🔴 belum pernah terdengar</span>');
  const s = o.sample;
  if (s) {
    parts.push(`CPU ${esc(percent(s.cpu.usagePercent))}`);
    if (s.mem.totalBytes > 0) parts.push(`RAM ${esc(percent((s.mem.usedBytes / s.mem.totalBytes) * 100))}`);
    for (const d of s.disks) {
      const cls = !d.mounted ? 'bad' : d.usePercent >= 90 ? 'bad' : d.usePercent >= 80 ? 'warn' : '';
      const text = d.mounted || d.mount === '/' ? percent(d.usePercent) : 'tidak ter-mount';
      parts.push(`<span class="${cls}">disk <code>${esc(d.mount)}</code> ${esc(text)}</span>`);
    }
    if (s.tempC !== null) parts.push(`suhu ${s.tempC.toFixed(0)} °C`);
  }
  const open = o.alerts.filter((a) => a.open).length;
  parts.push(open > 0 ? `<span class="bad">${open} alert</span>` : '<span class="ok">tanpa alert</span>');
  return parts.join(' · ');
}

/** One host's sections; their ids carry the host (`pi-alert`) so each host's links stay apart. */
function hostBlock(h: HostView, i: HostsPageInput): string {
  const at = { now: i.now, timezone: i.timezone };
  const sections = [
    workerSection({ ...at, overview: h.overview, health: h.health }),
    alertsSection(h.overview.alerts, at),
    servicesSection(h.overview, at),
    sampleSection({ ...at, overview: h.overview }),
    backupSection(h.overview, at),
  ]
    .join('\n')
    .replace(/<section id="([a-z]+)">/g, `<section id="${h.hostId}-$1">`);
  const charts = h.hostId === i.chartHostId ? '' : `<p><a href="/?host=${esc(h.hostId)}#grafik">Lihat grafik ${esc(h.hostId)}</a></p>`;
  return `<div class="host" id="host-${esc(h.hostId)}"><h2 class="host">🖥️ ${esc(h.hostId)}</h2><p>${hostStatusLine(h, at)}</p>${charts}
${sections}</div>`;
}

/** The home page with more than one known host: a line per host, then each host's sections, charts of one host. */
export function hostsPage(i: HostsPageInput, secrets: readonly string[]): string {
  const at = { now: i.now, timezone: i.timezone };
  const list = i.hosts.map((h) => `<li><a href="#host-${esc(h.hostId)}"><b>${esc(h.hostId)}</b></a> · ${hostStatusLine(h, at)}</li>`).join('');
  const pick = i.hosts
    .map((h) => `<a href="/?host=${esc(h.hostId)}&amp;jam=${i.history.hours}#grafik"${h.hostId === i.chartHostId ? ' aria-current="page"' : ''}>${esc(h.hostId)}</a>`)
    .join('');
  const charts = chartsSection(i, { query: `host=${esc(i.chartHostId)}&amp;`, title: `Grafik ${i.chartHostId}`, hosts: `<nav class="range">${pick}</nav>` });
  const body = `<h1>potion-runner · ${i.hosts.length} host</h1>
<nav><a href="${BULL_BOARD_PATH}">Buka Bull Board (antrian job)</a><a class="secondary" href="/metrics">Metrics</a><a class="secondary" href="/logout">Keluar</a></nav>
<section id="host"><h2>Semua host</h2><ul class="lines">${list}</ul></section>
${i.hosts.map((h) => hostBlock(h, i)).join('\n')}
${charts}
<p class="muted">Diperbarui ${esc(clock(i.now, i.timezone))}. Muat ulang halaman untuk data terbaru. Bull Board ${i.allowActions ? 'boleh retry/clean' : 'hanya-baca'}.</p>`;
  return scrubSecrets(page(`potion-runner · ${i.hosts.length} host`, body), secrets);
}
