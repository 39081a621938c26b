import { approxMinutes, buttons, probeAnswer, probeFailure, type JobResult, dateTime, dayTime, duration, gigabytes as gb, size } from '@potion/jobs';
import type { Config } from '@potion/platform';
import { forecastLine } from '../../forecast/disk-forecast.js';
import { clip, gauge, serviceIcon } from '../../runtime/format.js';
import { PART, unreadLine } from '../../runtime/parts.js';
import type { Present } from '../types.js';
import { rebootButton } from '../host/buttons.js';
import { rebootLine, securityLine } from './updates-lines.js';
import { statusContainerLines } from '../../host/docker-lines.js';

type Summary = JobResult<'status.summary'>;
type Detail = JobResult<'status.detail'>;

/** The settings the Status and Detail texts show: TIMEZONE and the temperature threshold. */
type Settings = Pick<Config, 'timezone' | 'dockerWhitelist'> & { alerts: Pick<Config['alerts'], 'tempC'> };

function sampleLines(s: NonNullable<Summary['sample']>, r: Summary, config: Settings): string[] {
  const lines: string[] = [];
  lines.push(`${gauge(s.cpu.usagePercent)} CPU   ${s.cpu.usagePercent.toFixed(0)}% · load ${s.cpu.load1.toFixed(2)} (${s.cpu.cores} core)`);
  const memPct = s.mem.totalBytes > 0 ? (s.mem.usedBytes / s.mem.totalBytes) * 100 : 0;
  lines.push(`${gauge(memPct)} RAM   ${gb(s.mem.usedBytes)} / ${gb(s.mem.totalBytes)} · sisa ${gb(s.mem.availableBytes)}`);
  for (const d of s.disks) {
    const label = d.mount === '/' ? 'Disk /' : 'HDD';
    if (d.mount !== '/' && !d.mounted) {
      lines.push(`⚠️ HDD   tidak ter-mount (${r.hddMount})`);
      continue;
    }
    lines.push(`${gauge(d.usePercent)} ${label.padEnd(5)} ${d.usePercent.toFixed(0)}% · ${gb(d.usedBytes)} / ${gb(d.sizeBytes)}`);
  }
  for (const f of r.forecasts ?? []) lines.push(forecastLine(f));
  lines.push(s.tempC === null ? '🌡️ Suhu  tidak tersedia' : `${s.tempC >= config.alerts.tempC ? '🔥' : '🌡️'} Suhu  ${s.tempC.toFixed(0)}°C`);
  if (s.power) {
    const p = s.power;
    lines.push(p.acOnline ? `🔌 Listrik nyala · baterai ${p.batteryPercent.toFixed(0)}%` : `🪫 LISTRIK PADAM · baterai ${p.batteryPercent.toFixed(0)}%${p.minutesLeft !== null ? ` · tahan ${approxMinutes(p.minutesLeft)}` : ''}`);
  }
  lines.push(`⏱️ Nyala ${duration(s.uptimeSec * 1000)} (sejak ${dateTime(s.bootTime, config.timezone)})`);
  return lines;
}

/**
 * A unit's line: its state, and with a SERVICE_PROBES check while it runs, the probe's last
 * answer ("✅ n8n.service · jalan · 200 dalam 35 ms", "❌ n8n.service · jalan tapi gak jawab (...)").
 */
function serviceLine(svc: Summary['services'][number], sample: Summary['sample']): string {
  const probe = sample?.probes.find((p) => p.unit === svc.unit);
  if (!probe || !svc.found || svc.active !== 'active') return `${serviceIcon(svc.active, svc.found)} ${svc.unit}: ${svc.found ? svc.active : 'tidak ditemukan'}`;
  return probe.ok ? `✅ ${svc.unit} · jalan · ${probeAnswer(probe)}` : `❌ ${svc.unit} · jalan tapi gak jawab (${probeFailure(probe)})`;
}

/** The Status text: every part that was read, and one "gak kebaca" line for each that was not. */
export function formatSummary(r: Summary, config: Settings): string {
  const unread = (part: string) => r.unread.find((u) => u.part === part);
  const lines: string[] = [];
  lines.push('📊 Status server');
  if (r.muteBanner) lines.push(r.muteBanner);
  const sampleUnread = unread(PART.sample);
  if (r.sample) lines.push(...sampleLines(r.sample, r, config));
  else if (sampleUnread) lines.push(unreadLine(sampleUnread));
  const servicesUnread = unread(PART.services);
  if (servicesUnread) lines.push('', '🧩 Service', unreadLine(servicesUnread));
  else if (r.services.length > 0) {
    lines.push('', '🧩 Service');
    for (const svc of r.services) lines.push(serviceLine(svc, r.sample));
  }
  const containers = statusContainerLines(r.containers ?? [], config.dockerWhitelist);
  if (containers.length) lines.push('', ...containers);
  const updates = [...securityLine(r.securityUpdates), ...rebootLine(r.rebootRequired)];
  if (updates.length) lines.push('', ...updates);
  if (r.offsiteLine) lines.push('', r.offsiteLine);
  for (const u of r.unread) if (u.part !== PART.sample && u.part !== PART.services) lines.push(unreadLine(u));
  return lines.join('\n');
}

// Status and Detail are readings, not the outcome of an action: no PRD §21 "Beres!" (raw).
// The bot answers `status:detail` (apps/bot/src/menus/status.ts).
// With the reboot marker there, ♻️ Reboot sekarang goes through the usual confirmation.
export const presentSummary: Present<'status.summary'> = (r, _data, { config }) => ({
  text: formatSummary(r, config),
  raw: true,
  buttons: [[{ text: '🔍 Detail', data: buttons.status.build({ kind: 'detail' }) }, ...(r.containers?.length ? [{ text: '🐳 Container', data: buttons.docker.build({ kind: 'list' }) }] : [])], ...(r.rebootRequired?.required ? [[rebootButton()]] : [])],
});

/** Charts of the sampler history, offered under the details. */
export const CHART_BUTTONS = [
  { text: '📈 Grafik 1 jam', data: buttons.status.build({ kind: 'chart', hours: 1 }) },
  { text: '📈 6 jam', data: buttons.status.build({ kind: 'chart', hours: 6 }) },
  { text: '📈 24 jam', data: buttons.status.build({ kind: 'chart', hours: 24 }) },
];

function smartLines(s: Detail['smart'], timeZone: string): string[] {
  if (s.state === 'not-installed') return ['💽 SMART: smartctl belum terpasang (sudo apt install smartmontools)'];
  if (s.state !== 'ok') return [`💽 SMART: tidak bisa dibaca — ${s.note ?? 'alasan tidak diketahui'}`];
  if (s.disks.length === 0) return ['💽 SMART: tidak ada disk yang terdeteksi'];
  const out = ['💽 Kesehatan disk (SMART)'];
  for (const d of s.disks) {
    const bad = (d.reallocatedSectors ?? 0) + (d.pendingSectors ?? 0) + (d.uncorrectableSectors ?? 0);
    const icon = d.error ? '❔' : d.passed === false || d.warnings.length > 0 ? '🔴' : bad > 0 ? '🟠' : '🟢';
    const verdict = d.error ? `tidak terbaca (${clip(d.error, 80)})` : d.passed === false ? 'GAGAL — segera backup!' : d.passed ? 'sehat' : 'status tidak diketahui';
    const facts = [
      d.temperatureC !== undefined ? `${d.temperatureC}°C` : '',
      d.powerOnHours !== undefined ? `${d.powerOnHours} jam nyala` : '',
      bad > 0 ? `${bad} sektor bermasalah` : '',
      d.crcErrors ? `${d.crcErrors} error kabel (CRC)` : '',
      d.percentageUsed !== undefined ? `aus ${d.percentageUsed}%` : '',
    ].filter(Boolean);
    out.push(`${icon} ${d.device}${d.model ? ` (${clip(d.model, 30)})` : ''}: ${verdict}${facts.length ? ` · ${facts.join(' · ')}` : ''}`);
    for (const w of d.warnings) out.push(`   ⚠️ ${w}`);
  }
  out.push(
    s.lastCheckAt
      ? `🗓️ Cek SMART mingguan terakhir: ${dayTime(s.lastCheckAt, timeZone)} (kalau ada yang memburuk, kamu dapat alert)`
      : '🗓️ Cek SMART mingguan belum pernah jalan (jadwalnya Minggu 04:00)',
  );
  return out;
}

function memoryLines(s: NonNullable<Detail['sample']>): string[] {
  const swapPct = s.mem.swapTotalBytes > 0 ? (s.mem.swapUsedBytes / s.mem.swapTotalBytes) * 100 : 0;
  return [
    '💾 Memori',
    `RAM  terpakai ${gb(s.mem.usedBytes)} · bebas ${gb(s.mem.freeBytes)} · tersedia ${gb(s.mem.availableBytes)}`,
    s.mem.swapTotalBytes > 0 ? `${gauge(swapPct)} Swap ${gb(s.mem.swapUsedBytes)} / ${gb(s.mem.swapTotalBytes)} (${swapPct.toFixed(0)}%)` : 'Swap tidak ada',
  ];
}

/** The Detail text: every part that was read, and one "gak kebaca" line for each that was not. */
export function formatDetail(r: Detail, config: Settings): string {
  const s = r.sample;
  const unread = (part: string) => r.unread.find((u) => u.part === part);
  const lines: string[] = ['🔎 Detail server'];
  const perCoreUnread = unread(PART.perCore);
  if (perCoreUnread) lines.push('', unreadLine(perCoreUnread));
  else if (r.perCore.length) {
    lines.push('', s ? `🧠 CPU per core (load ${s.cpu.load1.toFixed(2)} / ${s.cpu.load5.toFixed(2)} / ${s.cpu.load15.toFixed(2)})` : '🧠 CPU per core');
    r.perCore.forEach((p, i) => lines.push(`${gauge(p)} core ${i}: ${p.toFixed(0)}%`));
  }
  const memoryUnread = unread(PART.memory);
  if (s) lines.push('', ...memoryLines(s));
  else if (memoryUnread) lines.push('', unreadLine(memoryUnread));
  const tempsUnread = unread(PART.temps);
  if (tempsUnread) {
    lines.push('', unreadLine(tempsUnread));
  } else if (r.temps.length) {
    lines.push('', '🌡️ Suhu');
    for (const t of r.temps.slice(0, 8)) lines.push(`${t.celsius >= Math.min(t.highC ?? Infinity, config.alerts.tempC) ? '🔥' : '•'} ${clip(t.label, 24)}: ${t.celsius.toFixed(0)}°C`);
  } else {
    lines.push('', '🌡️ Suhu: sensor tidak tersedia');
  }
  const processesUnread = unread(PART.processes);
  if (processesUnread) lines.push('', unreadLine(processesUnread));
  else if (r.top.byCpu.length === 0) lines.push('', '🔥 Daftar proses tidak bisa dibaca (ps gagal)');
  else lines.push('', '🔥 Paling sibuk (CPU)');
  for (const p of r.top.byCpu) lines.push(`${p.cpuPercent.toFixed(1).padStart(5)}%  ${clip(p.command, 24)} (${p.pid})`);
  if (r.top.byMem.length) lines.push('', '🐘 Paling boros RAM');
  for (const p of r.top.byMem) lines.push(`${size(p.rssBytes).padStart(7)}  ${clip(p.command, 24)} (${p.pid})`);
  lines.push('', ...smartLines(r.smart, config.timezone));
  lines.push('', '(%CPU proses = rata-rata sejak proses itu mulai)');
  return lines.join('\n');
}

// The bot answers a 📈 button with chart.render (apps/bot/src/menus/status.ts).
// 🧹 Bersihkan measures the whitelisted disk clean-ups (clean.plan, admins only).
export const presentDetail: Present<'status.detail'> = (r, _data, { config }) => ({
  text: formatDetail(r, config),
  raw: true,
  buttons: [CHART_BUTTONS, [{ text: '🧹 Bersihkan disk', data: buttons.clean.build({ kind: 'plan' }) }]],
});
