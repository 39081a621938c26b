/**
 * Every key this project writes to Redis starts with `potion:` so that
 * `redis-cli --scan --pattern 'potion*'` shows all of it and nothing else.
 * BullMQ queues live under `potion:<queue>:...` (its `prefix` option).
 */
export const KEY_PREFIX = 'potion';

export const keys = {
  /** JSON: the marker written when this installation first used this Redis. */
  marker: `${KEY_PREFIX}:marker`,
  /** JSON: the newest host sample from health.sample. */
  sampleLatest: `${KEY_PREFIX}:sample:latest`,
  /** List of JSON samples, newest first, trimmed (history for charts). */
  sampleHistory: `${KEY_PREFIX}:sample:history`,
  /** Unix ms of the worker's last heartbeat. */
  heartbeat: `${KEY_PREFIX}:heartbeat`,
  /** Hash: user settings that survive restarts (schedule, toggles). */
  settings: `${KEY_PREFIX}:settings`,
  /** Set while the "cannot write logs" alert was sent recently (at most one an hour). */
  logWriteAlert: `${KEY_PREFIX}:throttle:log-write`,
  /** Set of job ids whose interruption was already reported. */
  interruptedReported: `${KEY_PREFIX}:interrupted:reported`,
  /** One key per confirmation token (TTL). */
  confirm: (token: string) => `${KEY_PREFIX}:confirm:${token}`,
  /** Hash per open alert. */
  alert: (id: string) => `${KEY_PREFIX}:alert:${id}`,
  /** Telegram message id recorded per delivered outbox job (dedupe of sends). */
  sent: (notifyJobId: string) => `${KEY_PREFIX}:sent:${notifyJobId}`,
  /** Set once per Telegram update id the bot handled (a redelivered update is ignored). */
  update: (updateId: number) => `${KEY_PREFIX}:update:${updateId}`,
  /** createdAt of the newest edit delivered to one message ("final" after its result). */
  lastEdit: (chatId: number, messageId: number) => `${KEY_PREFIX}:edit:${chatId}:${messageId}`,
} as const;
