/**
 * Callback data of alert buttons, agreed with the bot:
 * - `alert:restart:<unit>`  restart a whitelisted unit (the bot asks for confirmation first)
 * - `alert:big:<root|hdd>`  list the biggest folders of `/` or the HDD (job disk.biggest)
 * - `alert:mute:<id>:<min>` mute one alert id (or `all`) for some minutes (job health.mute)
 * - `alert:mute:<id>:t`     mute it until 07:00 TIMEZONE tomorrow
 */
export const callbacks = {
  restart: (unit: string) => `alert:restart:${unit}`,
  biggest: (target: 'root' | 'hdd') => `alert:big:${target}`,
  mute: (id: string, minutes: number) => `alert:mute:${id}:${minutes}`,
  /** Until 07:00 TIMEZONE tomorrow. */
  muteTomorrow: (id: string) => `alert:mute:${id}:t`,
} as const;
