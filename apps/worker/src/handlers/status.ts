import { showUnits } from '@potion/adapters';
import type { JobResult } from '@potion/jobs';
import { forecastDisk, forecastLine } from '../forecast/disk-forecast.js';
import { diskHistory } from '../forecast/disk-points.js';
import { duration, gauge, gb, serviceIcon } from '../format.js';
import { approxLeft } from '../alerts/texts.js';
import { muteTexts } from '../mute-texts.js';
import { activeMutes } from '../mutes.js';
import type { Handler } from './types.js';
import { latestSample, sampleAndStore } from './health.js';

export function formatSummary(r: JobResult<'status.summary'>): string {
  const s = r.sample;
  const lines: string[] = [];
  lines.push('📊 Status server');
  if (r.muteBanner) lines.push(r.muteBanner);
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
  lines.push(s.tempC === null ? '🌡️ Suhu  tidak tersedia' : `${s.tempC >= 85 ? '🔥' : '🌡️'} Suhu  ${s.tempC.toFixed(0)}°C`);
  if (s.power) {
    const p = s.power;
    lines.push(p.acOnline ? `🔌 Listrik nyala · baterai ${p.batteryPercent.toFixed(0)}%` : `🪫 LISTRIK PADAM · baterai ${p.batteryPercent.toFixed(0)}%${p.minutesLeft !== null ? ` · tahan ${approxLeft(p.minutesLeft)}` : ''}`);
  }
  lines.push(`⏱️ Nyala ${duration(s.uptimeSec)} (sejak ${new Date(s.bootTime).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' })})`);
  if (r.services.length > 0) {
    lines.push('', '🧩 Service');
    for (const svc of r.services) lines.push(`${serviceIcon(svc.active, svc.found)} ${svc.unit}: ${svc.found ? svc.active : 'tidak ditemukan'}`);
  }
  return lines.join('\n');
}

export const statusSummary: Handler<'status.summary'> = {
  run: async (_data, ctx) => {
    let sample = await latestSample(ctx);
    // A press never waits for a measurement window unless the sampler has stopped.
    if (!sample || ctx.now() - sample.at > 3 * ctx.config.sampleIntervalMs) sample = await sampleAndStore(ctx);
    const [services, history] = await Promise.all([showUnits(ctx.runner, ctx.config.servicesWhitelist, { signal: ctx.signal }), diskHistory(ctx.redis)]);
    const forecasts = [...history.entries()].flatMap(([mount, pts]) => forecastDisk(mount, pts) ?? []);
    return {
      sample,
      sampleAgeMs: Math.max(0, ctx.now() - sample.at),
      hddMount: ctx.config.hddMount,
      services: services.map(({ unit, active, sub, found }) => ({ unit, active, sub, found })),
      ...(forecasts.length ? { forecasts } : {}),
      muteBanner: muteTexts.banner(await activeMutes(ctx.redis, ctx.now()), ctx.now(), ctx.config.timezone) ?? null,
    };
  },
  // The bot answers `status:detail` (apps/bot/src/menus/status.ts).
  present: (r) => ({ text: formatSummary(r), raw: true, buttons: [[{ text: '🔍 Detail', data: 'status:detail' }]] }),
};
