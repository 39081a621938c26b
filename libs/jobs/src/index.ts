export { loadConfig, loadConfigOrExit, CONFIG_VARIABLES, type Config, type BackupConfig, type LoadConfigOptions } from './config.js';
export { configSecrets } from './config-secrets.js';
export { ConfigError, JobPayloadError, RedisSetupError } from './errors.js';
export { keys, KEY_PREFIX, settingsFields } from './keys.js';
export { texts } from './texts.js';
export { duration } from './words.js';
export { unitName, telegramId, searchWord, logSource, hostTarget } from './schemas.js';
export { payloadErrorText } from './user-errors.js';
export { hasUnsafeText, plainText } from './plain-text.js';
export { jobMeta, requester, type JobMeta, type Requester } from './meta.js';
export { jobProof, JobSigner, loadOrCreateProofKey, loadProofKey, canonicalJson, PROOF_KEY_FILE, type JobProof, type ProofSubject } from './job-proof.js';
export {
  hostSample,
  diskUse,
  sampledService,
  netCheck,
  powerState,
  type PowerState,
  type HostSample,
  type DiskUse,
  type SampledService,
  type NetCheck,
} from './sample.js';
export { unreadPart, unreadParts, type UnreadPart } from './parts.js';
export { alertEnvShape, alertConfig, type AlertConfig } from './config-alerts.js';
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
export { alertFamily } from './registry/settings.js';
export { outboxMessage, inlineButton, type OutboxMessage } from './registry/notify.js';
export { smartRecord, smartGrowth, type SmartRecord, type SmartGrowth } from './registry/smart.js';
export { chartMetric } from './registry/chart.js';
export { parseEnvelope, parsePayload, parseMeta, type Envelope } from './envelope.js';
export {
  queueName,
  BULLMQ_PREFIX,
  KEEP_COMPLETED,
  KEEP_FAILED,
  defaultJobOptions,
  WORKER_SETTINGS,
  type WorkerSettings,
} from './queues.js';
export { createRedis, redisOptionsFromUrl, type ConnectionRole, type ConnectionOptions } from './connection.js';
export { isRedisConnectionError, logUnlessOutage, redisOutages, redisTarget, RedisOutages, REDIS_UNREACHABLE_FIX } from './redis-outage.js';
export { Producer, QueueUnavailableError, ENQUEUE_TIMEOUT_MS, type EnqueueOptions, type ProducerOptions } from './producer.js';
export { createLogger, scrubSecrets, type Logger, type LoggerOptions } from './logger.js';
export { AuditLog, who, type AuditEntry } from './audit.js';
export { PrivateRedis, QUIET_REDIS_ARGS, freePort, type PrivateRedisOptions } from './redis-server.js';
export { waitReady, probeRedis, checkEvictionPolicy, checkMarker, infoField, type CheckMarkerOptions, type MarkerState } from './redis-guard.js';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
export { LogFileErrors } from './log-file-errors.js';
export { logWriteAlert, type LogWriteAlertDeps } from './log-write-alert.js';
export { serviceNotify, type ServiceNotify, type ServiceNotifyOptions } from './service-notify.js';
export { openSdNotify, formatNotify, watchdogMsFromEnv, type SdNotifier, type OpenSdNotifyOptions } from './sd-notify.js';
export {
  startWatchdog,
  watchdogTick,
  resolveWatchdog,
  type WatchdogOptions,
  type WatchdogState,
  type WatchdogAction,
  type WatchdogHandle,
  type ResolvedWatchdog,
} from './watchdog.js';
export { openDgramSender, bindDgramReceiver, sockaddrUn, UnixDgramError, type DgramSender, type DgramReceiver } from './unix-dgram.js';
export { readBackupRunning } from './backup-state.js';
export { registerProcess, projectVersion, PROC_REFRESH_MS, PROCESS_NAMES } from './proc.js';
