import { scrubSecrets } from '@potion/platform';
import { BULL_BOARD_PATH } from './bull-board.js';
import { ago, bytes, clock, duration, percent } from './format.js';
import type { HealthReport } from './health.js';
import { esc, page } from './html.js';
import type { FinishedJob, Overview } from './overview.js';

export interface HomePageInput {
  hostId: string;
  timezone: string;
  now: number;
  overview: Overview;
  health: HealthReport;
  allowActions: boolean;
}

function workerSection(i: HomePageInput): string {
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

function sampleSection(i: HomePageInput): string {
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

function servicesSection(i: HomePageInput): string {
  const sv = i.overview.services;
  if (!sv) return `<section><h2>Layanan</h2><p class="muted">Belum ada data layanan. Minta status dari bot (menu Status) untuk mengisinya.</p></section>`;
  const rows = sv.list.map((u) => {
    const cls = !u.found ? 'warn' : u.active === 'active' ? 'ok' : u.active === 'failed' ? 'bad' : 'warn';
    const text = !u.found ? 'tidak dikenal systemd' : `${u.active} (${u.sub})`;
    return `<tr><td><code>${esc(u.unit)}</code></td><td class="${cls}">${esc(text)}</td></tr>`;
  });
  return `<section><h2>Layanan</h2><table>${rows.join('') || '<tr><td class="muted">Whitelist kosong.</td></tr>'}</table><p class="muted">Dicek ${esc(ago(i.now - sv.at))}.</p></section>`;
}

function backupLine(label: string, job: FinishedJob | null, i: HomePageInput): string {
  if (!job) return `<tr><th>${label}</th><td class="muted">belum ada</td></tr>`;
  const result = job.ok ? '<span class="ok">berhasil</span>' : `<span class="bad">gagal</span>${job.reason ? ` · ${esc(job.reason)}` : ''}`;
  return `<tr><th>${label}</th><td>${esc(clock(job.at, i.timezone))} (${esc(ago(i.now - job.at))}) · ${result}</td></tr>`;
}

function backupSection(i: HomePageInput): string {
  const o = i.overview;
  if (!o.lastBackup && !o.lastVerify) {
    return `<section><h2>Backup</h2><p class="muted">Belum ada catatan backup di antrian.</p></section>`;
  }
  const rows = [backupLine('Backup terakhir', o.lastBackup, i)];
  if (o.lastBackup && !o.lastBackup.ok) rows.push(backupLine('Backup berhasil terakhir', o.lastSuccessfulBackup, i));
  rows.push(backupLine('Verifikasi terakhir', o.lastVerify, i));
  return `<section><h2>Backup</h2><table>${rows.join('')}</table></section>`;
}

function alertsSection(i: HomePageInput): string {
  const open = i.overview.alerts.filter((a) => a.open);
  if (open.length === 0) return `<section><h2>Alert</h2><p class="ok">Tidak ada alert terbuka ✔</p></section>`;
  const items = open.map((a) => {
    const details = Object.entries(a.fields)
      .map(([k, v]) => `${esc(k)}: ${esc(v)}`)
      .join(' · ');
    return `<li><strong>${esc(a.id)}</strong> <span class="muted">${details}</span></li>`;
  });
  return `<section><h2>Alert terbuka (${open.length})</h2><ul>${items.join('')}</ul></section>`;
}

/** The home page: the host at a glance, in Indonesian, readable on a phone, no script. */
export function homePage(i: HomePageInput, secrets: readonly string[]): string {
  const body = `<h1>potion-runner · ${esc(i.hostId)}</h1>
<nav><a href="${BULL_BOARD_PATH}">Buka Bull Board (antrian job)</a><a class="secondary" href="/metrics">Metrics</a><a class="secondary" href="/logout">Keluar</a></nav>
${workerSection(i)}
${sampleSection(i)}
${servicesSection(i)}
${backupSection(i)}
${alertsSection(i)}
<p class="muted">Diperbarui ${esc(clock(i.now, i.timezone))}. Muat ulang halaman untuk data terbaru. Bull Board ${i.allowActions ? 'boleh retry/clean' : 'hanya-baca'}.</p>`;
  return scrubSecrets(page(`potion-runner · ${i.hostId}`, body), secrets);
}
