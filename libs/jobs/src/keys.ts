/**
 * Every key this project writes to Redis starts with `potion:` so that
 * `redis-cli --scan --pattern 'potion*'` shows all of it and nothing else.
 * BullMQ queues live under `potion:<queue>:...` (its `prefix` option).
 *
 * `keys` are shared (the bot's and the dashboard's own, the registry of hosts); `hostKeys(id)`
 * are the keys one host's worker writes or owns, under `potion:host@<id>:`, so that
 * `redis-cli --scan --pattern 'potion:*@pi:*'` shows one host's keys and queues and a Redis
 * ACL of that host is one pattern (docs/decisions/042-keys-per-host.md).
 */
export const KEY_PREFIX = 'potion';

export const keys = {
  /** One key per confirmation token (TTL). */
  confirm: (token: string) => `${KEY_PREFIX}:confirm:${token}`,
  /** Hash per shared process (bot, dashboard): pid, startedAt, version, release, host; a worker's is in hostKeys. */
  proc: (name: string) => `${KEY_PREFIX}:proc:${name}`,
  /** Telegram message id recorded per delivered outbox job (dedupe of sends). */
  sent: (notifyJobId: string) => `${KEY_PREFIX}:sent:${notifyJobId}`,
  /** Hash update id -> update JSON: updates the bot took from Telegram and has not finished handling (replayed at start). */
  botInbox: `${KEY_PREFIX}:bot:inbox`,
  /** Set once per Telegram update id the bot handled (a redelivered update is ignored). */
  update: (updateId: number) => `${KEY_PREFIX}:update:${updateId}`,
  /** JSON {source, unit?}: the log a user is about to search after `🔍 Cari kata…` (TTL 5 min). */
  searchWord: (userId: number) => `${KEY_PREFIX}:bot:word:${userId}`,
  /** String (TTL 5 min): the tunable id (`cpu.pct`) whose number the bot waits for after `✏️ Ketik angka`. */
  tuneTyped: (userId: number) => `${KEY_PREFIX}:bot:tune:${userId}`,
  /** Set (TTL 5 min) while the bot waits for the HH:MM a user types after `⏰ Jadwal` → `Ketik jam`. */
  backupTimeTyped: (userId: number) => `${KEY_PREFIX}:bot:backup-time:${userId}`,
  /**
   * Hash: the dashboard's session generation. `gen` is random and goes into every session
   * cookie's signature; logout and a password change replace it, so every cookie issued
   * before (a copy included) stops working. `owner` ties it to the password, `changedAt`
   * and `reason` say when and why it last changed.
   */
  dashboardSession: `${KEY_PREFIX}:dashboard:session`,
  /** createdAt of the newest edit delivered to one message ("final" after its result). */
  lastEdit: (chatId: number, messageId: number) => `${KEY_PREFIX}:edit:${chatId}:${messageId}`,
  /**
   * A key BullMQ keeps for one queue (`potion:read@home:completed`, `potion:notify@home:<job id>`),
   * for reading it directly; BullMQ builds the same from its `prefix` option (BULLMQ_PREFIX).
   * `bullmq('*', '*')` is the pattern of every queue key.
   */
  bullmq: (queue: string, part: string) => `${KEY_PREFIX}:${queue}:${part}`,
  /** Hash hostId -> JSON {name, addedAt}: the registry of known hosts (the bot consumes each one's outbox). */
  hosts: `${KEY_PREFIX}:hosts`,
  /** bot-owned: the host id a chat last picked for its menus (🖥️ <host> · ganti); none = the bot's own host. */
  chatHost: (chatId: number) => `${KEY_PREFIX}:bot:chat-host:${chatId}`,
  /**
   * bot-owned, with a TTL: the host a message of the bot belongs to: the host whose outbox
   * (`notify@<host>`) last sent or edited it, or the host a menu was opened for. A press on
   * its buttons acts on that host, whatever the buttons say.
   */
  messageHost: (chatId: number, messageId: number) => `${KEY_PREFIX}:bot:msg-host:${chatId}:${messageId}`,
} as const;

/** The prefix of every key a host owns: `potion:host@<hostId>` (`~potion:*@<hostId>:*` in an ACL). */
export const hostKeyPrefix = (hostId: string): string => `${KEY_PREFIX}:host@${hostId}`;

function buildHostKeys(hostId: string) {
  const p = hostKeyPrefix(hostId);
  return {
    /** JSON: the newest host sample from health.sample. */
    sampleLatest: `${p}:sample:latest`,
    /**
     * List of JSON samples, newest first: downsampled to one per minute and trimmed to
     * 24 h (history for charts).
     */
    sampleHistory: `${p}:sample:history`,
    /**
     * JSON {headAt, forecasts}: the disk-full forecasts of the history whose newest entry has
     * `at` = headAt, written with each new history entry so 📊 Status does not read the history.
     */
    sampleForecast: `${p}:sample:forecast`,
    /** JSON {at, count, packages, unread?}: the pending security updates health.updates counted last (host-updates.ts). */
    securityUpdates: `${p}:host:security-updates`,
    /**
     * JSON {services, containers, publishedAt} (host-lists.ts): what this host's worker allows,
     * from its own `.env` (SERVICES_WHITELIST, DOCKER_WHITELIST), written at every start; the
     * bot's 🧰 Kontrol, 📜 Logs and 🐳 menus for this host list these (decision 053).
     */
    lists: `${p}:lists`,
    /** Unix ms of the worker's last heartbeat. */
    heartbeat: `${p}:heartbeat`,
    /** Hash: user settings that survive restarts (schedule, toggles). */
    settings: `${p}:settings`,
    /**
     * JSON {id, createdAt}: the marker this host's worker wrote when it first used this Redis
     * (also kept under DATA_DIR): a Redis that comes back empty is noticed, not started over.
     * Per host, so a joined host's ACL user never needs a key outside its own.
     */
    marker: `${p}:marker`,
    /**
     * JSON {chatId?, requestId, startedAt} (TTL 2 h) while a self-update this host's worker
     * started has not told its chat the outcome; a worker started by the update's restart reads
     * it and follows the status file (decision 045).
     */
    selfUpdatePending: `${p}:selfupdate:pending`,
    /**
     * Hash (written by the worker's settings.tune) of the alert thresholds and windows
     * set from ⚙️ Settings → 📏 Ambang alert, field = tunable id (`cpu.pct`), value = the number
     * in its unit; a field absent = the `.env` default. Mirrored to DATA_DIR (decision 046).
     */
    alertTuning: `${p}:settings:alert-tuning`,
    /** JSON with a TTL, present while a backup runs: {requestId, startedAt, percent, label}. */
    backupRunning: `${p}:backup:running`,
    /** JSON: the last successful backup {at, name}; compared with the schedule for the catch-up run. */
    backupLastOk: `${p}:backup:last-ok`,
    /** Set while the "cannot write logs" alert was sent recently (at most one an hour). */
    logWriteAlert: `${p}:throttle:log-write`,
    /** JSON: the last backup.verify {at, snapshot, mode, ok}, for the daily digest. */
    backupLastVerify: `${p}:backup:last-verify`,
    /** JSON: the last off-site run {at, ok, snapshot, matched, error}, for Status and the digest. */
    offsiteLast: `${p}:offsite:last`,
    /** String (the request id) with a TTL, present while an off-site copy runs: one at a time. */
    offsiteRunning: `${p}:offsite:running`,
    /** List of JSON alert events {at, id, label, event, sent}, newest first, capped (ALERT_LOG_LENGTH). */
    alertsLog: `${p}:alerts:log`,
    /** String: the journalctl cursor after the last entry read of a stream (`auth`: sshd+sudo, `kernel`), so each line is seen once. */
    journalCursor: (stream: 'auth' | 'kernel') => `${p}:journal:cursor:${stream}`,
    /** List of JSON login/sudo/kernel events {at, kind, ...}, newest first, capped: the digest's "who got in" line. */
    securityEvents: `${p}:security:events`,
    /** Sorted set of failed SSH logins: member cursor, score the time (Unix ms); the burst window counts it. */
    loginFailures: `${p}:security:login-failures`,
    /** Sorted set of active mutes: member alert id (or `all`), score the end (Unix ms); the end note is sent from it. */
    mutesActive: `${p}:mutes`,
    /**
     * String "ok" | "failed" | "refused" with a TTL: how a mutating job ended, written by its
     * worker before the job completes. The interrupted-job reporter trusts it over BullMQ's
     * "stalled" verdict (a lock lost while Redis was away is not a dead worker).
     */
    jobOutcome: (queue: string, jobId: string) => `${p}:outcome:${queue}:${jobId}`,
    /** Set of `<queue>:<job id>` (interruptedMember) whose interruption was already reported. */
    interruptedReported: `${p}:interrupted:reported`,
    /** A member of `interruptedReported`: `once@home:<job id>`. */
    interruptedMember: (queue: string, jobId: string) => `${queue}:${jobId}`,
    /** JSON: the last weekly SMART record of one disk ("sda" for /dev/sda), compared by the next smart.check. */
    smart: (device: string) => `${p}:smart:${device.replace(/^\/dev\//, '').replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    /** Hash per alert that is not ok (pending, firing or recovering): `redis-cli hgetall potion:host@home:alert:cpu`. */
    alert: (id: string) => `${p}:alert:${id}`,
    /** List of alert messages decided but not yet in the outbox (drained at once; survives a crash in between). */
    alertsPending: `${p}:alerts:pending`,
    /**
     * Unix ms of the last start/stop/restart from the bot: a sample taken before it no longer
     * tells the units' states, so 📊 Status reads them afresh.
     */
    servicesChangedAt: `${p}:services:changed-at`,
    /** Set of units stopped on purpose from the bot: their being inactive raises no alert. */
    servicesStopped: `${p}:services:stopped`,
    /** Set of whitelisted containers stopped on purpose from the bot: their being exited raises no alert. */
    dockerStopped: `${p}:docker:stopped`,
    /** Set of alert ids that have a hash (the ones not ok). */
    alertsOpen: `${p}:alerts:open`,
    /** String with a TTL: the alert is muted until it expires (value: Unix ms of the end). */
    mute: (id: string) => `${p}:mute:${id}`,
    /**
     * String with a TTL: a mute a running backup set on an alert it causes itself (value: Unix ms
     * of the end); no end note, it ends with the backup.
     */
    autoMute: (id: string) => `${p}:automute:${id}`,
    /** Unix ms (by the worker's clock) of the last disk-full forecast evaluation. */
    forecastCheckedAt: `${p}:alerts:forecast:checkedAt`,
    /** Set (no expiry) once the worker found no battery: the log line is written once. */
    noBattery: `${p}:power:no-battery`,
    /** Set per power-cut episode (`since`, Unix ms) once its clean shutdown was queued: never a second one. */
    batteryShutdown: (since: number) => `${p}:power:shutdown:${since}`,
    /** Unix ms of the boot whose "server sudah nyala lagi" notice was already handled. */
    bootSeen: `${p}:boot:seen`,
    /**
     * JSON {snapshot, path, services, userId} with a TTL: a restore plan (backup.restorePlan)
     * that the bot's "continue" button turns into the confirmation of backup.restore.
     */
    restorePlan: (token: string) => `${p}:backup:plan:${token}`,
    /**
     * JSON {snapshot, path, parent, page, entries} with a TTL: one page of a snapshot browsed
     * from the bot; its buttons carry the token and an entry's index, never a path.
     */
    backupBrowse: (token: string) => `${p}:backup:browse:${token}`,
    /** Set once this host's legacy global keys (before per-host keys) were moved here at worker start. */
    legacyMigrated: `${p}:migrated:legacy`,
    /** The worker's process hash (pid, startedAt, version, host, seenAt). */
    proc: (name: string) => `${p}:proc:${name}`,
  } as const;
}

/** The keys one host's worker writes or owns (docs/decisions/042-keys-per-host.md). */
export type HostKeys = ReturnType<typeof buildHostKeys>;

const hostKeysCache = new Map<string, HostKeys>();

/**
 * Every key a host's worker writes or owns, under `potion:host@<hostId>:`, so one host's keys
 * and queues are `redis-cli --scan --pattern 'potion:*@<hostId>:*'` and one ACL pattern.
 */
export function hostKeys(hostId: string): HostKeys {
  let k = hostKeysCache.get(hostId);
  if (!k) {
    k = buildHostKeys(hostId);
    hostKeysCache.set(hostId, k);
  }
  return k;
}


/**
 * The keys a worker wrote before per-host keys: `potion:<rest>`, moved once at worker start to
 * `potion:host@<id>:<rest>` (the same rest, so `toHost` is a prefix swap). `patterns` are scanned.
 */
export const legacyHostKeys = {
  fixed: [
    'sample:latest', 'sample:history', 'sample:forecast', 'host:security-updates', 'heartbeat', 'settings',
    'backup:running', 'backup:last-ok', 'backup:last-verify', 'throttle:log-write', 'offsite:last', 'offsite:running',
    'alerts:log', 'alerts:pending', 'alerts:open', 'alerts:forecast:checkedAt', 'journal:cursor:auth', 'journal:cursor:kernel',
    'security:events', 'security:login-failures', 'mutes', 'interrupted:reported', 'services:changed-at',
    'services:stopped', 'power:no-battery', 'boot:seen', 'proc:worker', 'marker',
  ].map((rest) => `${KEY_PREFIX}:${rest}`),
  patterns: ['outcome', 'smart', 'alert', 'mute', 'automute', 'power:shutdown', 'backup:plan', 'backup:browse'].map((stem) => `${KEY_PREFIX}:${stem}:*`),
  toHost: (hostId: string, legacyKey: string): string => `${hostKeyPrefix(hostId)}${legacyKey.slice(KEY_PREFIX.length)}`,
  /** A legacy key by its rest (`alert:cpu` -> `potion:alert:cpu`), for the migration's tests. */
  key: (rest: string): string => `${KEY_PREFIX}:${rest}`,
} as const;

/**
 * The Redis ACL key patterns of one joined host's worker user (docs/decisions/043): its
 * queues `potion:<kind>@<id>:*` (its outbox `notify@<id>` among them) and its own keys
 * `potion:host@<id>:*`. One pattern per queue kind rather than `potion:*@<id>:*`: a job id
 * may contain "@", and `potion:read@a:x@b:lock` (a key of host a) matches that glob.
 */
export const hostAclKeyPatterns = (hostId: string, queueKinds: readonly string[]): string[] => [
  ...queueKinds.map((kind) => `${KEY_PREFIX}:${kind}@${hostId}:*`),
  `${hostKeyPrefix(hostId)}:*`,
];

/** Fields of the settings hash (`keys.settings`). */
export const settingsFields = {
  /** Daily backup time "HH:MM" in TIMEZONE. */
  backupTime: 'backup.time',
  /** Unix ms when the backup schedule was first installed (for the first catch-up). */
  backupScheduleSince: 'backup.schedule-since',
} as const;
