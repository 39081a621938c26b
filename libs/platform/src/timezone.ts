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
