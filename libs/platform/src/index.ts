export { loadConfig, loadConfigOrExit, CONFIG_VARIABLES, type Config, type BackupConfig, type LoadConfigOptions } from './config.js';
export { useConfigTimezone } from './timezone.js';
export { configSecrets, type SecretFields } from './config-secrets.js';
export { ConfigError, RedisSetupError } from './errors.js';
export { ENV_VARS, type VariableName } from './config/table.js';
export { HOST_ID_PATTERN } from './config/host.js';
export type { EnvVar } from './config/declare.js';
export type { AlertConfig } from './config/alerts.js';
export type { ServiceProbe } from './config/probes.js';
export { createRedis, redisOptionsFromUrl, type ConnectionRole, type ConnectionOptions } from './connection.js';
export { isRedisConnectionError, logUnlessOutage, redisOutages, redisTarget, RedisOutages, REDIS_UNREACHABLE_FIX } from './redis-outage.js';
export { createLogger, scrubSecrets, type Logger, type LoggerOptions } from './logger.js';
export { AuditLog, who, type AuditEntry } from './audit.js';
export { redisNetwork, clearTextRedisProblem, type RedisNetwork } from './redis-network.js';
export { PrivateRedis, QUIET_REDIS_ARGS, freePort, type PrivateRedisOptions } from './redis-server.js';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
export { LogFileErrors } from './log-file-errors.js';
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
export { unitName } from './unit-name.js';
export { CONTAINER_NAME } from './config/docker.js';
export { ensureDashboardPassword, passwordFilePath, type DashboardPassword } from './dashboard-password.js';
export { HANDOFF } from './dashboard-handoff.js';
