export { startWorkerApp, type WorkerApp, type WorkerAppOptions } from './app.js';
export { createHandlers } from './jobs/index.js';
export type { Handler, Handlers, Present, PresentContext, Presentation } from './jobs/types.js';
export type { Deps, JobContext } from './runtime/context.js';
export { createProcessor, PROGRESS_EDIT_INTERVAL_MS } from './runtime/run-job.js';
export { checkAccess, checkQueue, checkProof, type AccessDecision, type ProofGate } from './runtime/access.js';
export { UsedProofs, PROOF_MAX_AGE_MS } from './runtime/used-proofs.js';
export { isPermanent } from './runtime/retry-policy.js';
export { AccessDeniedError, UserFacingError, BackupBusyError, JobTimeoutError } from './runtime/errors.js';
export { STALLED_REASON, InterruptedReporter } from './runtime/interrupted.js';
export { schedules, installSchedules, upsertSchedule, backupSchedule, offsiteSchedule, BACKUP_SCHEDULER_ID, HOSTS_SCHEDULER_ID, OFFSITE_SCHEDULER_ID, MUTE_ENDS_SCHEDULER_ID, EVENTS_SCHEDULER_ID, type Schedule, type ScheduleRuntime, type ScheduleSettings } from './runtime/schedules.js';
export { takeSample, type SamplerOptions } from './host/sampler.js';
export { userErrorText, progressBar } from './runtime/outcome.js';
export { notifyChat, tellAdmins, adminJobId } from './runtime/outbox.js';
export { writePowerMarker, readPowerMarker, markerPath, POWER_MARKER, type PowerMarker } from './runtime/power-marker.js';
export { formatRuntimeLine, formatJournalLine, formatDmesgLine } from './jobs/logs/lines.js';
export { createSnapshot, type SnapshotOptions, type SnapshotOutcome, type Trigger } from './backup/snapshot.js';
export { verifySnapshot, type VerifyOptions, type VerifyReport } from './backup/verify.js';
export { restoreSnapshot, type RestoreOptions, type RestoreReport } from './backup/restore.js';
export { planPrune, prune, isoWeek, type RetentionPolicy, type PruneCandidate } from './backup/retention.js';
export { listSnapshots, snapshotsDir, FILES as SNAPSHOT_FILES, type SnapshotDir } from './backup/layout.js';
export { resolveSources, SECRET_PATTERNS, type ResolvedSources } from './backup/sources.js';
export { readManifest, decodePath, type Manifest, type ManifestEntry, type SnapshotSummary } from './backup/manifest.js';
export { catchUpBackup, type CatchUpDecision } from './backup/catch-up.js';
export { migrateLegacyKeys, registerHost, type MigrateLegacyOptions, type RegisterHostOptions } from './runtime/host-registry.js';
export { lastDueTime, nextDueTime, dailyPattern } from './backup/due-time.js';
export { getRunning as backupRunning, getLastOk as backupLastOk } from './backup/state.js';
export { evaluateForecast, maybeEvaluateForecast } from './alerts/forecast-alert.js';
export { observeForecast, forecastAlertId, FORECAST_EVERY_MS } from './alerts/forecast-rules.js';
export { evaluateSample, applyObservations, raiseAlert, resolveAlert, drainPending, type AlertOutcome, type RaiseAlertInput } from './alerts/engine.js';
export { observe, above, below, serviceAlertId, timingOf } from './alerts/rules.js';
export { step, episodeMs } from './alerts/state-machine.js';
export { readToggles, setToggle, FAMILY_LABELS } from './alerts/settings.js';
export { Tuning } from './alerts/tuning.js';
export { ALERT_FAMILIES, type AlertFamily, type AlertState, type Observation, type Level, type AlertEvent, type Timing } from './alerts/types.js';
export { tcpReachable } from './host/net-check.js';
export {
  reportBoot,
  classifyStart,
  readBootTime,
  writeCleanShutdown,
  CLEAN_SHUTDOWN_FILE,
  type StartKind,
  type StartFacts,
} from './runtime/boot-notice.js';
export { sampleAndStore, storeSample, latestSample, HISTORY_LENGTH } from './host/samples.js';
export { syntheticSample, type SyntheticOptions } from './alerts/synthetic.js';
export { renderChart, LINE_COLOURS, type Chart, type ChartOptions } from './chart/render.js';
export { syntheticHistory } from './chart/synthetic.js';
export { forecastDisk, diskFullSoon, forecastLine, forecastAlertText, fitLine, type DiskForecast, type DiskPoint, type ForecastOptions } from './forecast/disk-forecast.js';
export { diskPointsOf, diskHistory } from './forecast/disk-points.js';
export { pingHealthcheck, PING_TIMEOUT_MS, type PingOutcome } from './runtime/healthcheck-ping.js';
export { restoreTest, pickSample, type RestoreTestOptions, type RestoreTestReport } from './backup/restore-test.js';
export { SMART_CHECK_PATTERN } from './runtime/schedules.js';
export { readPowerSupply, parsePowerSupply, type SupplyFiles } from './host/power-supply.js';
export { observePower, minutesLeft, POWER_ALERT, BATTERY_ALERT } from './alerts/power-rules.js';
export { actOnPower } from './alerts/power-actions.js';
export { setMute, clearMute, activeMutes, takeEnded, nextMorning, setBackupMutes, clearBackupMutes, BACKUP_MUTES, type ActiveMute } from './alerts/mutes.js';
export { digestText, diskTrend, serviceRestarts, type DigestInput, type AlertLogEntry } from './jobs/health/present.js';
export { parseSelfUpdateStatus, type SelfUpdateStatus } from './jobs/selfupdate/status.js';
export { selfUpdateResultText } from './jobs/selfupdate/present.js';
export { QuietWorker, IDLE_BLOCK_SEC } from './runtime/quiet-worker.js';
