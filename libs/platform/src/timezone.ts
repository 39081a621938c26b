import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes TIMEZONE the process's own zone (process.env.TZ): Node then resets V8's zone cache,
 * and the Date getters give TIMEZONE's local fields from the tz data without Intl, whose
 * first use maps ICU's data into the process for good, ~8 MB RSS. libs/jobs' time format and
 * BullMQ repeat strategy rely on it (docs/decisions/052-no-icu-on-the-normal-path.md). Each
 * app calls it right after loading its config, before it formats or schedules anything.
 * Commands the process starts inherit TZ and so show their local times in TIMEZONE too.
 */
export function useConfigTimezone<C extends { timezone: string }>(config: C): C {
  if (process.env.TZ !== config.timezone) process.env.TZ = config.timezone;
  return config;
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * Whether `zone` names a time zone of the tz database. V8 takes an unknown TZ for UTC without a
 * word, so the config checks it: by the system's zone file (no Intl), else, on a system without
 * /usr/share/zoneinfo or for a name that is not there, by asking ICU once.
 */
export function isKnownZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  try {
    if (statSync(join('/usr/share/zoneinfo', zone)).isFile()) return true;
  } catch {
    // not there: ICU decides
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
