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
  /**
   * List of JSON samples, newest first: downsampled to one per minute and trimmed to
   * 24 h (history for charts).
   */
  sampleHistory: `${KEY_PREFIX}:sample:history`,
  /**
   * JSON {headAt, forecasts}: the disk-full forecasts of the history whose newest entry has
   * `at` = headAt, written with each new history entry so 📊 Status does not read the history.
   */
  sampleForecast: `${KEY_PREFIX}:sample:forecast`,
  /** JSON {at, count, packages, unread?}: the pending security updates health.updates counted last (host-updates.ts). */
  securityUpdates: `${KEY_PREFIX}:host:security-updates`,
  /** Unix ms of the worker's last heartbeat. */
  heartbeat: `${KEY_PREFIX}:heartbeat`,
  /** Hash: user settings that survive restarts (schedule, toggles). */
  settings: `${KEY_PREFIX}:settings`,
  /** JSON with a TTL, present while a backup runs: {requestId, startedAt, percent, label}. */
  backupRunning: `${KEY_PREFIX}:backup:running`,
  /** JSON: the last successful backup {at, name}; compared with the schedule for the catch-up run. */
  backupLastOk: `${KEY_PREFIX}:backup:last-ok`,
  /** Set while the "cannot write logs" alert was sent recently (at most one an hour). */
  logWriteAlert: `${KEY_PREFIX}:throttle:log-write`,
  /** JSON: the last backup.verify {at, snapshot, mode, ok}, for the daily digest. */
  backupLastVerify: `${KEY_PREFIX}:backup:last-verify`,
  /** JSON: the last off-site run {at, ok, snapshot, matched, error}, for Status and the digest. */
  offsiteLast: `${KEY_PREFIX}:offsite:last`,
  /** String (the request id) with a TTL, present while an off-site copy runs: one at a time. */
  offsiteRunning: `${KEY_PREFIX}:offsite:running`,
  /** List of JSON alert events {at, id, label, event, sent}, newest first, capped (ALERT_LOG_LENGTH). */
  alertsLog: `${KEY_PREFIX}:alerts:log`,
  /** String: the journalctl cursor after the last entry read of a stream (`auth`: sshd+sudo, `kernel`), so each line is seen once. */
  journalCursor: (stream: 'auth' | 'kernel') => `${KEY_PREFIX}:journal:cursor:${stream}`,
  /** List of JSON login/sudo/kernel events {at, kind, ...}, newest first, capped: the digest's "who got in" line. */
  securityEvents: `${KEY_PREFIX}:security:events`,
  /** Sorted set of failed SSH logins: member cursor, score the time (Unix ms); the burst window counts it. */
  loginFailures: `${KEY_PREFIX}:security:login-failures`,
  /** Sorted set of active mutes: member alert id (or `all`), score the end (Unix ms); the end note is sent from it. */
  mutesActive: `${KEY_PREFIX}:mutes`,
  /**
   * String "ok" | "failed" | "refused" with a TTL: how a mutating job ended, written by its
   * worker before the job completes. The interrupted-job reporter trusts it over BullMQ's
   * "stalled" verdict (a lock lost while Redis was away is not a dead worker).
   */
  jobOutcome: (queue: string, jobId: string) => `${KEY_PREFIX}:outcome:${queue}:${jobId}`,
  /** Set of `<queue>:<job id>` (interruptedMember) whose interruption was already reported. */
  interruptedReported: `${KEY_PREFIX}:interrupted:reported`,
  /** A member of `interruptedReported`: `once@home:<job id>`. */
  interruptedMember: (queue: string, jobId: string) => `${queue}:${jobId}`,
  /** One key per confirmation token (TTL). */
  confirm: (token: string) => `${KEY_PREFIX}:confirm:${token}`,
  /** JSON: the last weekly SMART record of one disk ("sda" for /dev/sda), compared by the next smart.check. */
  smart: (device: string) => `${KEY_PREFIX}:smart:${device.replace(/^\/dev\//, '').replace(/[^A-Za-z0-9_.-]/g, '_')}`,
  /** Hash per alert that is not ok (pending, firing or recovering): `redis-cli hgetall potion:alert:cpu`. */
  alert: (id: string) => `${KEY_PREFIX}:alert:${id}`,
  /** List of alert messages decided but not yet in the outbox (drained at once; survives a crash in between). */
  alertsPending: `${KEY_PREFIX}:alerts:pending`,
  /**
   * Unix ms of the last start/stop/restart from the bot: a sample taken before it no longer
   * tells the units' states, so 📊 Status reads them afresh.
   */
  servicesChangedAt: `${KEY_PREFIX}:services:changed-at`,
  /** Set of units stopped on purpose from the bot: their being inactive raises no alert. */
  servicesStopped: `${KEY_PREFIX}:services:stopped`,
  /** Set of alert ids that have a hash (the ones not ok). */
  alertsOpen: `${KEY_PREFIX}:alerts:open`,
  /** String with a TTL: the alert is muted until it expires (value: Unix ms of the end). */
  mute: (id: string) => `${KEY_PREFIX}:mute:${id}`,
  /**
   * String with a TTL: a mute a running backup set on an alert it causes itself (value: Unix ms
   * of the end); no end note, it ends with the backup.
   */
  autoMute: (id: string) => `${KEY_PREFIX}:automute:${id}`,
  /** Unix ms (by the worker's clock) of the last disk-full forecast evaluation. */
  forecastCheckedAt: `${KEY_PREFIX}:alerts:forecast:checkedAt`,
  /** Set (no expiry) once the worker found no battery: the log line is written once. */
  noBattery: `${KEY_PREFIX}:power:no-battery`,
  /** Set per power-cut episode (`since`, Unix ms) once its clean shutdown was queued: never a second one. */
  batteryShutdown: (since: number) => `${KEY_PREFIX}:power:shutdown:${since}`,
  /** Hash per process (worker, bot, dashboard): pid, startedAt, version, host. */
  proc: (name: string) => `${KEY_PREFIX}:proc:${name}`,
  /** Unix ms of the boot whose "server sudah nyala lagi" notice was already handled. */
  bootSeen: `${KEY_PREFIX}:boot:seen`,
  /** Telegram message id recorded per delivered outbox job (dedupe of sends). */
  sent: (notifyJobId: string) => `${KEY_PREFIX}:sent:${notifyJobId}`,
  /** Hash update id -> update JSON: updates the bot took from Telegram and has not finished handling (replayed at start). */
  botInbox: `${KEY_PREFIX}:bot:inbox`,
  /** Set once per Telegram update id the bot handled (a redelivered update is ignored). */
  update: (updateId: number) => `${KEY_PREFIX}:update:${updateId}`,
  /** JSON {source, unit?}: the log a user is about to search after `🔍 Cari kata…` (TTL 5 min). */
  searchWord: (userId: number) => `${KEY_PREFIX}:bot:word:${userId}`,
  /** Set (TTL 5 min) while the bot waits for the HH:MM a user types after `⏰ Jadwal` → `Ketik jam`. */
  backupTimeTyped: (userId: number) => `${KEY_PREFIX}:bot:backup-time:${userId}`,
  /**
   * Hash: the dashboard's session generation. `gen` is random and goes into every session
   * cookie's signature; logout and a password change replace it, so every cookie issued
   * before (a copy included) stops working. `owner` ties it to the password, `changedAt`
   * and `reason` say when and why it last changed.
   */
  dashboardSession: `${KEY_PREFIX}:dashboard:session`,
  /**
   * JSON {snapshot, path, services, userId} with a TTL: a restore plan (backup.restorePlan)
   * that the bot's "continue" button turns into the confirmation of backup.restore.
   */
  restorePlan: (token: string) => `${KEY_PREFIX}:backup:plan:${token}`,
  /**
   * JSON {snapshot, path, parent, page, entries} with a TTL: one page of a snapshot browsed
   * from the bot; its buttons carry the token and an entry's index, never a path.
   */
  backupBrowse: (token: string) => `${KEY_PREFIX}:backup:browse:${token}`,
  /** createdAt of the newest edit delivered to one message ("final" after its result). */
  lastEdit: (chatId: number, messageId: number) => `${KEY_PREFIX}:edit:${chatId}:${messageId}`,
  /**
   * A key BullMQ keeps for one queue (`potion:read@home:completed`, `potion:notify:<job id>`),
   * for reading it directly; BullMQ builds the same from its `prefix` option (BULLMQ_PREFIX).
   * `bullmq('*', '*')` is the pattern of every queue key.
   */
  bullmq: (queue: string, part: string) => `${KEY_PREFIX}:${queue}:${part}`,
  /**
   * Hash host id -> JSON {name, addedAt}: the hosts joined with `potion hosts add` on the main
   * machine (written by the CLI as the app's ACL user, never by a worker).
   */
  hosts: `${KEY_PREFIX}:hosts`,
} as const;

/**
 * The Redis ACL key patterns of one joined host's worker user (docs/decisions/043): its
 * queues `potion:<kind>@<id>:*` (its outbox `notify@<id>` among them) and its own keys
 * `potion:host@<id>:*`. One pattern per queue kind rather than `potion:*@<id>:*`: a job id
 * may contain "@", and `potion:read@a:x@b:lock` (a key of host a) matches that glob.
 */
export const hostAclKeyPatterns = (hostId: string, queueKinds: readonly string[]): string[] => [
  ...queueKinds.map((kind) => `${KEY_PREFIX}:${kind}@${hostId}:*`),
  `${KEY_PREFIX}:host@${hostId}:*`,
];

/** Fields of the settings hash (`keys.settings`). */
export const settingsFields = {
  /** Daily backup time "HH:MM" in TIMEZONE. */
  backupTime: 'backup.time',
  /** Unix ms when the backup schedule was first installed (for the first catch-up). */
  backupScheduleSince: 'backup.schedule-since',
} as const;
