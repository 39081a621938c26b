import type { Deps } from '../runtime/context.js';
import { diskHistory } from '../forecast/disk-points.js';
import { applyObservations, type AlertOutcome } from './engine.js';
import { FORECAST_EVERY_MS, observeForecast } from './forecast-rules.js';

/**
 * Runs the disk-full forecast over the sampler history and feeds it through the alert
 * engine: one early alert per mount, reminders at most daily, one recovery when the
 * forecast no longer says full within the window.
 */
export async function evaluateForecast(deps: Deps): Promise<AlertOutcome[]> {
  const byMount = await diskHistory(deps.redis, deps.keys);
  const observations = observeForecast({ byMount, hddMount: deps.config.hddMount, diskPercent: deps.tuning.current().alerts.diskPercent });
  const outcomes = await applyObservations(deps, observations);
  await deps.redis.set(deps.keys.forecastCheckedAt, String(deps.now()));
  return outcomes;
}

/**
 * The cheap path for every sample: evaluates the forecast only when the last evaluation is
 * at least `FORECAST_EVERY_MS` old (or in the future: the clock went back). Returns
 * undefined when it was not due.
 */
export async function maybeEvaluateForecast(deps: Deps): Promise<AlertOutcome[] | undefined> {
  const last = Number(await deps.redis.get(deps.keys.forecastCheckedAt));
  const now = deps.now();
  if (Number.isFinite(last) && last > 0 && now - last < FORECAST_EVERY_MS && now >= last) return undefined;
  return evaluateForecast(deps);
}
