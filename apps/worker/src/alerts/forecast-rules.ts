import { toHtml } from '@potion/jobs';
import { diskFullSoon, diskLabel, forecastAlertText, forecastDisk, type DiskPoint } from '../forecast/disk-forecast.js';
import { diskAlertButtons } from './disk-buttons.js';
import type { Level, Observation } from './types.js';

/** Ids of the early "disk full soon" alerts start with this: `forecast.root`, `forecast.hdd`. */
export const FORECAST_PREFIX = 'forecast.';

export const isForecastAlert = (id: string): boolean => id.startsWith(FORECAST_PREFIX);

/** Reminders of a forecast come at most daily: it speaks of days, not minutes. */
export const FORECAST_REMIND_MS = 24 * 3600_000;

/** How often the forecast runs (it reads up to 24 h of history): at most hourly. */
export const FORECAST_EVERY_MS = 3600_000;

/** The early alert fires within this many days of full, like `diskFullSoon`'s default. */
export const FORECAST_WITHIN_DAYS = 7;

/** Clear only once the forecast is this much further out (or gone), so a forecast at 6.9/7.1 days does not flap. */
const CLEAR_FACTOR = 1.5;

export function forecastAlertId(mount: string, hddMount: string): string {
  if (mount === '/') return `${FORECAST_PREFIX}root`;
  if (mount === hddMount) return `${FORECAST_PREFIX}hdd`;
  return `${FORECAST_PREFIX}${mount.replace(/^\/+/, '').replace(/[^A-Za-z0-9_.@-]/g, '_') || 'disk'}`;
}

export interface ForecastInput {
  byMount: ReadonlyMap<string, readonly DiskPoint[]>;
  hddMount: string;
  /** The "disk > N%" alert threshold: past it that alert speaks, the early one stays quiet. */
  diskPercent: number;
  withinDays?: number;
}

/**
 * The early disk-full alerts (pure), one per mount in the history, family `disk` so the
 * disk toggle covers them: `bad` when the trend reaches 100% within `withinDays` while the
 * disk is still under the alert threshold; `clear` when there is no forecast or it is
 * comfortably further out; `hold` in between and once the threshold alert has taken over.
 */
export function observeForecast(input: ForecastInput): Observation[] {
  const within = input.withinDays ?? FORECAST_WITHIN_DAYS;
  const soon = new Map(diskFullSoon(input.byMount, within).map((f) => [f.mount, f]));
  const out: Observation[] = [];
  for (const [mount, points] of input.byMount) {
    const id = forecastAlertId(mount, input.hddMount);
    const label = `Perkiraan ${diskLabel(mount)} penuh`;
    const f = soon.get(mount) ?? forecastDisk(mount, points);
    let level: Level;
    if (!f || f.daysToFull > within * CLEAR_FACTOR) level = 'clear';
    else if (soon.has(mount) && f.usePercent < input.diskPercent) level = 'bad';
    else level = 'hold';
    const target = mount === '/' ? 'root' : mount === input.hddMount ? 'hdd' : undefined;
    out.push({
      id,
      family: 'disk',
      level,
      forMs: 0,
      text: f ? toHtml(forecastAlertText(f)) : '',
      label,
      ...(target ? { buttons: diskAlertButtons(target) } : {}),
    });
  }
  return out;
}
