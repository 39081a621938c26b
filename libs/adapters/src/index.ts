export { createRunner, type Runner, type RunOptions, type RunResult, type RunnerOptions } from './runner.js';
export { CommandError, type CommandFailure } from './command-error.js';
export { parseShow, showUnits, controlUnit, type UnitState } from './systemctl.js';
export { parseUnitPaths, unitPaths, type UnitPaths } from './unit-paths.js';
export { parseMountInfo, isMountPoint } from './mounts.js';
export { parseJournal, journalAccessLimited, readUnitJournal, type JournalLine, type JournalRead } from './journalctl.js';
export { parseJournalJson, type JournalEntry } from './journal-json.js';
export { parseDmesg, dmesgRestricted, readDmesg, type DmesgLine } from './dmesg.js';
export { parseIpAddr, parseDefaultRoutes, listInterfaces, defaultRoutes, type NetInterface, type IpAddress, type DefaultRoute } from './ip.js';
export { parsePing, ping, type PingSummary } from './ping.js';
export { parseTailscaleStatus, tailscaleStatus, type TailscaleStatus, type TailscalePeer } from './tailscale.js';
export { parseSensors, readTemperatures, type TempReading } from './sensors.js';
export { parseSmartScan, parseSmartHealth, smartReport, SMART_DEVICE_PATTERN, SMART_DEVICE_TYPES, type SmartDevice, type SmartHealth, type SmartReport } from './smartctl.js';
export {
  parseAptUpdate,
  parseAptUpgrade,
  aptUpdate,
  aptUpgrade,
  APT_UPDATE_ARGS,
  APT_UPGRADE_ARGS,
  type AptUpdateSummary,
  type AptUpgradeSummary,
  type AptPackageChange,
} from './apt.js';
export { parseAptSimulation, aptSimulateUpgrade, APT_SIMULATE_ARGS, type AptSimulation, type AptPlannedInstall } from './apt-simulate.js';
export { parseGitLog, gitPullFastForward, gitIncoming, type GitCommit, type GitPullResult, type GitIncoming } from './git.js';
export { planDepsSync, runDepsSync, parseNpmCi, parsePipInstall, parseUvSync, type DepsPlan, type DepsSyncResult, type DepsTool } from './deps.js';
export { parsePs, topProcesses, PS_ARGS, type ProcessInfo } from './ps.js';
export { publicAddress, downloadSpeed, type SpeedResult, type ProbeOptions } from './http-probe.js';
export { probeHttp, probeTcp, probeTarget, type ServiceProbeAnswer } from './service-probe.js';
export { readTailLines, matchLiteral, gzipFile } from './log-file.js';
export { PRIVILEGED_COMMANDS, sudoRuleText } from './privileged.js';
export { parseSelfUpdateCheck, selfUpdateCheck, startSelfUpdate, SELF_UPDATE_SCRIPT, SELF_UPDATE_SCRIPT_PATH, SELF_UPDATE_UNIT, type SelfUpdateCheck } from './self-update.js';
export {
  runRsync,
  buildRsyncArgs,
  parseRsyncStats,
  parseProgress2,
  parseRsyncProblems,
  unescapeRsyncName,
  isNoSpaceError,
  rsyncVersion,
  type RsyncOptions,
  type RsyncResult,
  type RsyncStats,
  type RsyncProgress,
  type RsyncProblem,
  type RsyncProblems,
} from './rsync.js';
export { sha256File, sha256FileWithStat, sha256SmallFileSync, SYNC_HASH_MAX_BYTES, sha256SumsChunks, sha256SumsLine, parseSha256Sums } from './hashing.js';
export { parseDu, biggestFolders, type DuEntry, type DuResult } from './du.js';
export { sqliteVacuumInto, sqliteIntegrityCheck, sqliteErrorText, sqlString, type SqliteDumpOptions } from './sqlite.js';
export { pgDump, pgDumpEntries, pgErrorText, PG_DATABASE_NAME, type PgDumpOptions } from './pg.js';
export {
  rcloneSync,
  rcloneSyncArgs,
  rcloneCheck,
  listRemotes,
  parseListRemotes,
  parseRcloneLine,
  parseCheckLines,
  rcloneProblem,
  remoteJoin,
  remoteName,
  lineSplitter,
  RcloneError,
  type RcloneStats,
  type RcloneLine,
  type RcloneProblem,
  type RcloneOptions,
  type RcloneSyncOptions,
  type CheckSummary,
} from './rclone.js';
export { readJournalSince, followArgs, AUTH_MATCHES, type JournalStream, type FollowResult } from './journal-follow.js';
export { tailJournal, tailArgs, type JournalTail, type TailOptions } from './journal-tail.js';
export { parseSshdMessage, parseSudoMessage, type AuthEvent } from './auth-log.js';
export { parseKernelMessage, type KernelEvent } from './kernel-log.js';
export {
  parseSystemdBytes,
  parseJournalDiskUsage,
  parseJournalVacuum,
  parseAptConfigShell,
  parseAutoremoveSimulation,
  parseDpkgSizes,
  parseDuTotal,
  parseDf,
  type AutoremovePlan,
  type DfRow,
} from './clean-parse.js';
export {
  aptArchivesDir,
  aptCacheBytes,
  autoremovePlan,
  journalDiskUsage,
  diskFree,
  aptClean,
  aptAutoremove,
  journalVacuum,
  JOURNAL_KEEP,
  JOURNAL_KEEP_BYTES,
  APT_CLEAN_ARGS,
  APT_AUTOREMOVE_ARGS,
  JOURNAL_VACUUM_ARGS,
  AUTOREMOVE_SIMULATE_ARGS,
} from './clean.js';
export {
  listContainers,
  inspectContainer,
  controlContainer,
  containerLogs,
  demuxLogs,
  dockerSocketPresent,
  DockerEngineError,
  DOCKER_API_VERSION,
  CONTAINER_STATES,
  type ContainerSummary,
  type ContainerDetail,
  type ContainerState,
  type ContainerVerb,
  type DockerEngineOptions,
  type DockerFailure,
} from './docker-engine.js';
export { danglingImages, pruneDanglingImages, dockerRootDir, type DanglingImage } from './docker-images.js';
