import { hostSample, type HostSample } from '@potion/jobs';
import type { Deps } from '../runtime/context.js';
import { forecastRecord, forecastsOf, sampleAtOf } from '../forecast/forecast-cache.js';
import { takeSample } from './sampler.js';

/** History kept for charts: one sample per minute for 24 h. */
export const HISTORY_LENGTH = 1440;
export const HISTORY_STEP_MS = 60_000;

export function sampleNow(deps: Deps): Promise<HostSample> {
  if (deps.sampler) return deps.sampler();
  return takeSample({
    hddMount: deps.config.hddMount,
    procRoot: deps.procRoot,
    now: deps.now,
    runner: deps.runner,
    units: deps.config.servicesWhitelist,
    ...(deps.config.alerts.netTarget ? { netTarget: deps.config.alerts.netTarget } : {}),
    netTimeoutMs: deps.config.alerts.netTimeoutMs,
    probes: deps.config.serviceProbes,
    probeTimeoutMs: deps.config.serviceProbeTimeoutMs,
    docker: { socketPath: deps.config.dockerSocket, whitelist: deps.config.dockerWhitelist },
  });
}

/**
 * The sample this process stored last, with its JSON: the sample job reads the previous one
 * back every 30 s, and parsing it with the schema cost more than the rest of its Redis work.
 * Used only while Redis holds exactly that JSON (anything else written there is parsed).
 */
let lastStored: { json: string; sample: HostSample } | undefined;

/**
 * Stores a sample as the latest; the history gets it only when it starts a new minute, so
 * the list covers 24 h in 1440 entries whatever the sampling interval.
 */
export async function storeSample(deps: Deps, sample: HostSample): Promise<void> {
  const json = JSON.stringify(sample);
  const headAt = sampleAtOf(await deps.redis.lindex(deps.keys.sampleHistory, 0)) ?? -Infinity;
  const tx = deps.redis.multi().set(deps.keys.sampleLatest, json);
  if (Math.floor(sample.at / HISTORY_STEP_MS) !== Math.floor(headAt / HISTORY_STEP_MS)) {
    // The disk-full forecasts of the history as it will be, written with it: 📊 Status reads
    // them instead of the whole history (once a minute here, instead of on every press).
    const older = await deps.redis.lrange(deps.keys.sampleHistory, 0, HISTORY_LENGTH - 2);
    tx.lpush(deps.keys.sampleHistory, json)
      .ltrim(deps.keys.sampleHistory, 0, HISTORY_LENGTH - 1)
      .set(deps.keys.sampleForecast, forecastRecord(sample.at, forecastsOf([json, ...older])));
  }
  await tx.exec();
  lastStored = { json, sample };
}

export async function sampleAndStore(deps: Deps): Promise<HostSample> {
  const sample = await sampleNow(deps);
  await storeSample(deps, sample);
  return sample;
}

/**
 * The newest stored sample when it is recent (three sampling intervals), else a new one: a
 * press never waits for a measurement window unless the sampler has stopped.
 */
export async function freshSample(deps: Deps): Promise<HostSample> {
  const sample = await latestSample(deps);
  if (sample && deps.now() - sample.at <= 3 * deps.config.sampleIntervalMs) return sample;
  return sampleAndStore(deps);
}

/** The newest stored sample, or undefined when there is none or it does not parse. */
export async function latestSample(deps: Deps): Promise<HostSample | undefined> {
  const raw = await deps.redis.get(deps.keys.sampleLatest);
  if (!raw) return undefined;
  if (raw === lastStored?.json) return lastStored.sample;
  try {
    const r = hostSample.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
