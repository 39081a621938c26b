import { CommandError, readTemperatures, smartReport, topProcesses } from '@potion/adapters';
import type { JobResult } from '@potion/jobs';
import si from 'systeminformation';
import type { JobContext } from '../../runtime/context.js';
import { clip, gauge, gb, mb } from '../../runtime/format.js';
import { userErrorText } from '../../runtime/outcome.js';
import type { Handler } from '../types.js';
import { PART, readPart, unreadLine } from '../../runtime/parts.js';
import { freshSample } from '../health/run.js';
import { storedSmart } from '../smart/run.js';

type Detail = JobResult<'status.detail'>;

/** Charts of the sampler history, offered under the details. */
export const CHART_BUTTONS = [
  { text: '📈 Grafik 1 jam', data: 'status:chart:1' },
  { text: '📈 6 jam', data: 'status:chart:6' },
  { text: '📈 24 jam', data: 'status:chart:24' },
];

async function smart(ctx: JobContext): Promise<Detail['smart']> {
  try {
    const r = await smartReport(ctx.runner, { signal: ctx.signal });
    if (!r.installed) return { state: 'not-installed', disks: [] };
    const stored = await Promise.all(r.devices.map((d) => storedSmart(ctx.redis, d.device)));
    const lastCheckAt = Math.max(0, ...stored.map((x) => x?.at ?? 0));
    return { state: 'ok', disks: r.devices, ...(lastCheckAt > 0 ? { lastCheckAt } : {}) };
  } catch (err) {
    if (err instanceof CommandError && err.command === 'sudo') return { state: 'no-permission', disks: [], note: userErrorText(err) };
    ctx.log.warn({ module: 'worker:status-detail', err }, 'SMART read failed');
    return { state: 'error', disks: [], note: userErrorText(err) };
  }
}

function smartLines(s: Detail['smart']): string[] {
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
      ? `🗓️ Cek SMART mingguan terakhir: ${new Date(s.lastCheckAt).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} (kalau ada yang memburuk, kamu dapat alert)`
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
export function formatDetail(r: Detail): string {
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
    for (const t of r.temps.slice(0, 8)) lines.push(`${t.celsius >= (t.highC ?? 85) ? '🔥' : '•'} ${clip(t.label, 24)}: ${t.celsius.toFixed(0)}°C`);
  } else {
    lines.push('', '🌡️ Suhu: sensor tidak tersedia');
  }
  const processesUnread = unread(PART.processes);
  if (processesUnread) lines.push('', unreadLine(processesUnread));
  else if (r.top.byCpu.length === 0) lines.push('', '🔥 Daftar proses tidak bisa dibaca (ps gagal)');
  else lines.push('', '🔥 Paling sibuk (CPU)');
  for (const p of r.top.byCpu) lines.push(`${p.cpuPercent.toFixed(1).padStart(5)}%  ${clip(p.command, 24)} (${p.pid})`);
  if (r.top.byMem.length) lines.push('', '🐘 Paling boros RAM');
  for (const p of r.top.byMem) lines.push(`${mb(p.rssBytes).padStart(7)}  ${clip(p.command, 24)} (${p.pid})`);
  lines.push('', ...smartLines(r.smart));
  lines.push('', '(%CPU proses = rata-rata sejak proses itu mulai)');
  return lines.join('\n');
}

export const statusDetail: Handler<'status.detail'> = {
  run: async (_data, ctx) => {
    // Each part on its own: one that cannot be read gets a line, the others still show.
    const [sample, load, temps, top, smartState] = await Promise.all([
      readPart(PART.memory, () => freshSample(ctx), ctx.log),
      readPart(PART.perCore, () => si.currentLoad(), ctx.log),
      // Not installed is an answer ("sensor tidak tersedia"), not a failure.
      readPart(PART.temps, () => readTemperatures(ctx.runner, { signal: ctx.signal }), ctx.log),
      readPart(PART.processes, () => topProcesses(ctx.runner, 5, { signal: ctx.signal }), ctx.log),
      smart(ctx),
    ]);
    return {
      ...(sample.ok ? { sample: sample.value } : {}),
      perCore: load.ok ? (load.value.cpus ?? []).map((c) => Math.round(Math.min(100, Math.max(0, c.load)) * 10) / 10) : [],
      temps: temps.ok ? temps.value.readings.map((t) => ({ label: t.label, celsius: t.celsius, ...(t.highC !== undefined ? { highC: t.highC } : {}) })) : [],
      top: top.ok ? top.value : { byCpu: [], byMem: [] },
      smart: smartState,
      unread: [sample, load, temps, top].flatMap((p) => (p.ok ? [] : [p.unread])),
    };
  },
  // The bot answers `status:chart:<hours>` with chart.render (apps/bot/src/menus/status.ts).
  present: (r) => ({ text: formatDetail(r), raw: true, buttons: [CHART_BUTTONS] }),
};
