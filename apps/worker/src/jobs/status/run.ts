import { showUnits } from '@potion/adapters';
import { keys, type HostSample, type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { forecastLine } from '../../forecast/disk-forecast.js';
import { currentForecasts } from '../../forecast/forecast-cache.js';
import { duration, gauge, gb, serviceIcon } from '../../runtime/format.js';
import { approxLeft } from '../../alerts/texts.js';
import { muteTexts } from '../../alerts/mute-texts.js';
import { activeMutes } from '../../alerts/mutes.js';
import { PART, readPart, unreadLine, type Part } from '../../runtime/parts.js';
import type { Handler } from '../types.js';
import { latestSample, sampleAndStore } from '../health/run.js';

type Summary = JobResult<'status.summary'>;

/**
 * What `toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' })` writes (date and time), made
 * once: building a formatter costs ~0.4 ms, a sizeable part of a Status press.
 */
const BOOT_TIME = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

function sampleLines(s: NonNullable<Summary['sample']>, r: Summary): string[] {
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
  lines.push(s.tempC === null ? '🌡️ Suhu  tidak tersedia' : `${s.tempC >= 85 ? '🔥' : '🌡️'} Suhu  ${s.tempC.toFixed(0)}°C`);
  if (s.power) {
    const p = s.power;
    lines.push(p.acOnline ? `🔌 Listrik nyala · baterai ${p.batteryPercent.toFixed(0)}%` : `🪫 LISTRIK PADAM · baterai ${p.batteryPercent.toFixed(0)}%${p.minutesLeft !== null ? ` · tahan ${approxLeft(p.minutesLeft)}` : ''}`);
  }
  lines.push(`⏱️ Nyala ${duration(s.uptimeSec)} (sejak ${BOOT_TIME.format(new Date(s.bootTime))})`);
  return lines;
}

/** The Status text: every part that was read, and one "gak kebaca" line for each that was not. */
export function formatSummary(r: Summary): string {
  const unread = (part: string) => r.unread.find((u) => u.part === part);
  const lines: string[] = [];
  lines.push('📊 Status server');
  if (r.muteBanner) lines.push(r.muteBanner);
  const sampleUnread = unread(PART.sample);
  if (r.sample) lines.push(...sampleLines(r.sample, r));
  else if (sampleUnread) lines.push(unreadLine(sampleUnread));
  const servicesUnread = unread(PART.services);
  if (servicesUnread) lines.push('', '🧩 Service', unreadLine(servicesUnread));
  else if (r.services.length > 0) {
    lines.push('', '🧩 Service');
    for (const svc of r.services) lines.push(`${serviceIcon(svc.active, svc.found)} ${svc.unit}: ${svc.found ? svc.active : 'tidak ditemukan'}`);
  }
  for (const u of r.unread) if (u.part !== PART.sample && u.part !== PART.services) lines.push(unreadLine(u));
  return lines.join('\n');
}

/** A stored sample older than this many sampling intervals is stale: a press then takes a new one. */
export const STALE_AFTER_INTERVALS = 2;

/** The newest sample when it is recent, else a new one (stored, like the sampler's). */
async function summarySample(ctx: JobContext): Promise<Part<HostSample>> {
  const stored = await latestSample(ctx);
  if (stored && ctx.now() - stored.at <= STALE_AFTER_INTERVALS * ctx.config.sampleIntervalMs) return { ok: true, value: stored };
  return readPart(PART.sample, () => sampleAndStore(ctx), ctx.log);
}

/**
 * The whitelisted units' states as the sample holds them (or why they were unreadable), in
 * whitelist order; undefined when the sample does not cover every whitelisted unit.
 */
function servicesOf(sample: HostSample, whitelist: readonly string[]): Part<Summary['services']> | undefined {
  if (sample.servicesUnread !== undefined) return { ok: false, unread: { part: PART.services, why: sample.servicesUnread } };
  const byUnit = new Map(sample.services.map((s) => [s.unit, s]));
  const list: Summary['services'] = [];
  for (const unit of whitelist) {
    const s = byUnit.get(unit);
    if (!s) return undefined;
    list.push({ unit: s.unit, active: s.active, sub: s.sub, found: s.found });
  }
  return { ok: true, value: list };
}

export const statusSummary: Handler<'status.summary'> = {
  run: async (_data, ctx) => {
    // From the sampler's newest sample, which carries the units' states: no command runs on
    // a press unless the sample is stale. Each part on its own: systemctl that cannot reach
    // systemd must not take CPU, RAM, disks and uptime down with it (and is not retried).
    const [sample, forecasts, mutes, changedAt] = await Promise.all([
      summarySample(ctx),
      currentForecasts(ctx.redis),
      activeMutes(ctx.redis, ctx.now()),
      ctx.redis.get(keys.servicesChangedAt),
    ]);
    const whitelist = ctx.config.servicesWhitelist;
    // A unit started, stopped or restarted from the bot after the sample: read the units afresh.
    const sampleKnowsServices = sample.ok && !(Number(changedAt) >= sample.value.at);
    const services =
      (sample.ok && sampleKnowsServices ? servicesOf(sample.value, whitelist) : undefined) ??
      (await readPart(PART.services, () => showUnits(ctx.runner, whitelist, { signal: ctx.signal }), ctx.log));
    return {
      ...(sample.ok ? { sample: sample.value, sampleAgeMs: Math.max(0, ctx.now() - sample.value.at) } : {}),
      hddMount: ctx.config.hddMount,
      services: services.ok ? services.value.map(({ unit, active, sub, found }) => ({ unit, active, sub, found })) : [],
      ...(forecasts.length ? { forecasts } : {}),
      muteBanner: muteTexts.banner(mutes, ctx.now(), ctx.config.timezone) ?? null,
      unread: [sample, services].flatMap((p) => (p.ok ? [] : [p.unread])),
    };
  },
  // The bot answers `status:detail` (apps/bot/src/menus/status.ts).
  present: (r) => ({ text: formatSummary(r), raw: true, buttons: [[{ text: '🔍 Detail', data: 'status:detail' }]] }),
};
