export { JobPayloadError } from './errors.js';
export { keys, hostKeys, hostKeyPrefix, legacyHostKeys, KEY_PREFIX, settingsFields, hostAclKeyPatterns, type HostKeys } from './keys.js';
export { HOST_NAME_PATTERN, WORKER_ACL_COMMANDS, aclPasswordHash, workerAclRule, workerAclUser, type WorkerAclRuleOptions } from './host-acl.js';
export { HOST_PROOF_KEY_DIR, hostProofKeyFile, createHostProofKey, removeHostProofKey, loadHostProofKey } from './host-proof-key.js';
export { texts } from './texts.js';
export { duration, ago, approxMinutes, type DurationOptions } from './format/duration.js';
export { size, gigabytes, percent } from './format/size.js';
export { formatNumber } from './format/id-locale.js';
export { localRepeatStrategy, nextLocalRun, parseLocalRunPattern, type LocalRunPattern } from './repeat-strategy.js';
export { clock, dayTime, dateTime, dayMonth, localDay, zonedParts, zoneOffsetMs, zonedToUtc, type ClockOptions } from './format/time.js';
export { Html, html, bold, code, pre, joinHtml, escapeHtml, toHtml, type Text } from './format/html.js';
export { tokenizeHtml, htmlToText, type HtmlToken } from './format/html-parse.js';
export { telegramId, searchWord, logSource, hostTarget } from './schemas.js';
export { payloadErrorText } from './user-errors.js';
export { hasUnsafeText, plainText } from './plain-text.js';
export { jobMeta, requester, type JobMeta, type Requester } from './meta.js';
export { jobProof, JobSigner, loadOrCreateProofKey, loadProofKey, canonicalJson, PROOF_KEY_FILE, type JobProof, type ProofSubject } from './job-proof.js';
export {
  hostSample,
  chartSample,
  type ChartSample,
  diskUse,
  sampledService,
  netCheck,
  powerState,
  type PowerState,
  type HostSample,
  type DiskUse,
  type SampledService,
  type NetCheck,
  probeResult,
  type ProbeResult,
  sampledContainer,
  sampledDocker,
  type SampledContainer,
  type SampledDocker,
} from './sample.js';
export { probeAnswer, probeFailure } from './probe-texts.js';
export { unreadPart, unreadParts, type UnreadPart } from './parts.js';
export { securityUpdates, rebootRequired, type SecurityUpdates, type RebootRequired } from './host-updates.js';
export { roleOf, requiredRole, mayRun, needsConfirmation, type Role, type RoleLists } from './access.js';
export { defineJob, QUEUE_KINDS, type JobDef, type QueueKind, type Access } from './registry/define.js';
export {
  jobs,
  JOB_NAMES,
  isJobName,
  type Jobs,
  type JobName,
  type JobData,
  type JobResult,
  type JobsOf,
  type WorkerJobName,
} from './registry/index.js';
export { diskForecast, serviceState, statusDetail } from './registry/status.js';
export {
  snapshotName,
  restorePath,
  backupTime,
  snapshotInfo,
  backupProgress,
  backupRunResult,
  type SnapshotInfo,
  type BackupProgress,
} from './registry/backup.js';
export {
  BROWSE_PAGE_SIZE,
  BROWSE_TTL_SEC,
  SEND_FILE_MAX_BYTES,
  browseRecord,
  restorePlanRecord,
  type BrowseEntry,
  type BrowseRecord,
  type RestorePlanRecord,
} from './registry/backup-browse.js';
export { alertFamily } from './registry/settings.js';
export { offsiteCheck, offsiteRunResult, offsiteLast, OFFSITE_BACKOFF_MS, type OffsiteLast } from './registry/offsite.js';
export { outboxMessage, inlineButton, type OutboxMessage } from './registry/notify.js';
export { buttons, BUTTON_FAMILIES } from './buttons/index.js';
export { MAX_CALLBACK_BYTES, type ButtonCodec } from './buttons/codec.js';
export { CHART_HOURS, type ChartHours, type StatusButton } from './buttons/status.js';
export { SERVICE_VERBS, type ServiceVerb, type KontrolButton } from './buttons/kontrol.js';
export { CONTAINER_ACTIONS, type ContainerAction, type DockerButton } from './buttons/docker.js';
export { LOG_ACTIONS, type LogAction, type LogSrc, type LogsButton } from './buttons/logs.js';
export { NET_ACTIONS, UPDATE_ACTIONS, PREVIEWED_UPDATES, POWER_ACTIONS, type NetAction, type UpdateAction, type PreviewedUpdate, type UpdateButton, type PowerAction } from './buttons/actions.js';
export { BACKUP_ACTIONS, SNAPSHOT_ACTIONS, type BackupAction, type SnapshotAction, type BackupButton } from './buttons/backup.js';
export { type BrowseButton } from './buttons/browse.js';
export { type AlertButton } from './buttons/alert.js';
export { type SettingsButton } from './buttons/settings.js';
export { type CleanButton } from './buttons/clean.js';
export { HOST_MENUS, type HostMenu, type HostButton } from './buttons/host.js';
export { CLEAN_KINDS, type CleanKind } from './registry/clean.js';
export { type TuneButton } from './buttons/tune.js';
export { TUNE_GROUPS, TUNABLE_IDS, TUNABLES, TUNE_GROUP_LABELS, tunableId, tuneGroup, tunablesOf, type TuneGroup, type TunableId, type Tunable, type TuneUnit } from './tuning/catalog.js';
export { applyTuning, valueIn, readOverrides, inRange, showValue, showRange, type TunedConfig, type Overrides } from './tuning/apply.js';
export { parseTyped, typedValue, type TypedOutcome } from './tuning/typed.js';
export { tunePage, activityEntry, ACTIVITY_LIMIT, type ActivityEntry } from './registry/settings-tune.js';
export { smartRecord, smartGrowth, type SmartRecord, type SmartGrowth } from './registry/smart.js';
export { chartMetric } from './registry/chart.js';
export { parseEnvelope, parsePayload, parseMeta, type Envelope } from './envelope.js';
export {
  queueName,
  BULLMQ_PREFIX,
  LEGACY_NOTIFY_QUEUE,
  KEEP_COMPLETED,
  KEEP_FAILED,
  defaultJobOptions,
  WORKER_SETTINGS,
  openQueue,
  openQueueEvents,
  openWorker,
  type WorkerSettings,
  type OpenQueueOptions,
  type OpenQueueEventsOptions,
  type OpenWorkerOptions,
} from './queues.js';
export { Producer, QueueUnavailableError, ENQUEUE_TIMEOUT_MS, type EnqueueItem, type EnqueueOptions, type ProducerOptions } from './producer.js';
export { waitReady, probeRedis, checkEvictionPolicy, checkMarker, infoField, type CheckMarkerOptions, type MarkerState } from './redis-guard.js';
export { logWriteAlert, type LogWriteAlertDeps } from './log-write-alert.js';
export { hostPrefix } from './host-prefix.js';
export {
  readBackupRunning,
  readBackupLastOk,
  readBackupLastVerify,
  backupLastOk,
  backupLastVerify,
  type BackupLastOk,
  type BackupLastVerify,
} from './backup-state.js';
export { alertRecord, type AlertRecord } from './alert-record.js';
export { tellAdmins, adminJobId, type TellAdminsOptions, type TellAdminsDeps } from './tell-admins.js';
export { hostLists, publishHostLists, readHostLists, type HostLists, type HostListsRead } from './host-lists.js';
export { registerProcess, projectRelease, projectVersion, PROC_REFRESH_MS, PROCESS_NAMES } from './proc.js';
