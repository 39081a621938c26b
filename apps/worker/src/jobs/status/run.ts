import { CommandError, readTemperatures, showUnits, smartReport, topProcesses } from '@potion/adapters';
import { type HostSample, type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { currentForecasts } from '../../forecast/forecast-cache.js';
import { muteTexts } from '../../alerts/mute-texts.js';
import { activeMutes } from '../../alerts/mutes.js';
import { userErrorText } from '../../runtime/outcome.js';
import { PART, readPart, type Part } from '../../runtime/parts.js';
import type { Handler } from '../types.js';
import { freshSample, latestSample, sampleAndStore } from '../../host/samples.js';
import { storedSmart } from '../../host/smart-records.js';
import { readRebootRequired, storedSecurityUpdates } from '../../host/updates.js';
import { presentDetail, presentSummary } from './present.js';
import { offsiteLine } from '../../offsite/line.js';
import { readOffsiteLast } from '../../offsite/state.js';
import { readContainers } from '../../host/docker-sample.js';

/**
 * systeminformation (about 1 MB of heap and 2 MB of RSS) is loaded at the first detail
 * press, not at start: a worker at idle (a joined host nobody looks at) never needs it.
 */
const currentLoad = async () => (await import('systeminformation')).default.currentLoad();

type Summary = JobResult<'status.summary'>;
type Detail = JobResult<'status.detail'>;

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
    // Pending security updates from the hourly count (apt is never run on a press); the
    // reboot marker read now, as it vanishes with the reboot.
    const [sample, forecasts, mutes, changedAt, security, reboot, offsiteLast, docker] = await Promise.all([
      summarySample(ctx),
      currentForecasts(ctx.redis, ctx.keys),
      activeMutes(ctx.redis, ctx.keys, ctx.now()),
      ctx.redis.get(ctx.keys.servicesChangedAt),
      storedSecurityUpdates(ctx),
      readPart(PART.rebootRequired, () => readRebootRequired(ctx.config.rebootRequiredFile), ctx.log),
      ctx.config.offsite.remote ? readOffsiteLast(ctx.redis, ctx.keys) : undefined,
      // One request over the socket (no subprocess), only where Docker is.
      readContainers(ctx),
    ]);
    const offsite = offsiteLine({ last: offsiteLast, now: ctx.now(), enabled: ctx.config.offsite.remote !== undefined, schedule: ctx.config.offsite.schedule });
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
      ...(security ? { securityUpdates: security } : {}),
      ...(reboot.ok ? { rebootRequired: reboot.value } : {}),
      ...(offsite ? { offsiteLine: offsite } : {}),
      ...(docker.containers.length ? { containers: docker.containers } : {}),
      unread: [
        ...[sample, services, reboot].flatMap((p) => (p.ok ? [] : [p.unread])),
        // A socket nobody asked to read (no DOCKER_WHITELIST) is not worth a warning line.
        ...(docker.unread !== undefined && ctx.config.dockerWhitelist.length ? [{ part: PART.containers, why: docker.unread }] : []),
      ],
    };
  },
  present: presentSummary,
};

async function smart(ctx: JobContext): Promise<Detail['smart']> {
  try {
    const r = await smartReport(ctx.runner, { signal: ctx.signal });
    if (!r.installed) return { state: 'not-installed', disks: [] };
    const stored = await Promise.all(r.devices.map((d) => storedSmart(ctx.redis, ctx.keys, d.device)));
    const lastCheckAt = Math.max(0, ...stored.map((x) => x?.at ?? 0));
    return { state: 'ok', disks: r.devices, ...(lastCheckAt > 0 ? { lastCheckAt } : {}) };
  } catch (err) {
    if (err instanceof CommandError && err.command === 'sudo') return { state: 'no-permission', disks: [], note: userErrorText(err) };
    ctx.log.warn({ module: 'worker:status-detail', err }, 'SMART read failed');
    return { state: 'error', disks: [], note: userErrorText(err) };
  }
}

export const statusDetail: Handler<'status.detail'> = {
  run: async (_data, ctx) => {
    // Each part on its own: one that cannot be read gets a line, the others still show.
    const [sample, load, temps, top, smartState] = await Promise.all([
      readPart(PART.memory, () => freshSample(ctx), ctx.log),
      readPart(PART.perCore, currentLoad, ctx.log),
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
  present: presentDetail,
};
