import { backupList, backupPrune, backupRun, backupScheduleHandler } from './backup/run.js';
import { backupRestore } from './backup/restore.js';
import { backupBrowse, backupSendFile } from './backup/browse.js';
import { backupRestorePlan } from './backup/restore-plan.js';
import { backupVerify } from './backup/verify.js';
import { chartRender } from './chart/run.js';
import { cleanPlan, cleanRun } from './clean/run.js';
import { dockerList, dockerLogs, dockerRestart, dockerStart, dockerStop } from './docker/run.js';
import { offsiteRun } from './offsite/run.js';
import { healthHeartbeat, healthSample } from './health/run.js';
import { hostReboot, hostShutdown } from './host/run.js';
import { logsFile, logsSearch, logsTail } from './logs/run.js';
import { netInfo, netPing, netSpeed, netTailscale } from './net/run.js';
import { diskBiggest, healthMute, healthMuteEnds } from './health/alerts.js';
import { healthHosts } from './health/hosts.js';
import { healthDigest } from './health/digest.js';
import { healthUpdates } from './health/updates.js';
import { healthEvents } from './health/events.js';
import { settingsActivity } from './settings/activity.js';
import { settingsThresholds, settingsTune } from './settings/tune.js';
import { settingsAbout, settingsAdmins, settingsGet, settingsSet } from './settings/run.js';
import { serviceList, serviceRestart, serviceStart, serviceStop } from './service/run.js';
import { selfUpdatePreview, selfUpdateRun } from './selfupdate/run.js';
import { smartCheck } from './smart/run.js';
import { statusDetail, statusSummary } from './status/run.js';
import { statusHosts } from './status/hosts.js';
import type { Handlers } from './types.js';
import { updateApt, updateDeps, updateGit } from './update/run.js';
import { updateAptPreview, updateGitPreview } from './update/preview.js';

export function createHandlers(): Handlers {
  return {
    'status.summary': statusSummary,
    'status.detail': statusDetail,
    'status.hosts': statusHosts,
    'service.list': serviceList,
    'service.start': serviceStart,
    'service.stop': serviceStop,
    'service.restart': serviceRestart,
    'logs.tail': logsTail,
    'logs.search': logsSearch,
    'logs.file': logsFile,
    'net.info': netInfo,
    'net.ping': netPing,
    'net.tailscale': netTailscale,
    'net.speed': netSpeed,
    'update.apt': updateApt,
    'update.deps': updateDeps,
    'update.git': updateGit,
    'update.aptPreview': updateAptPreview,
    'update.gitPreview': updateGitPreview,
    'host.reboot': hostReboot,
    'host.shutdown': hostShutdown,
    'health.sample': healthSample,
    'health.heartbeat': healthHeartbeat,
    'health.digest': healthDigest,
    'health.updates': healthUpdates,
    'health.muteEnds': healthMuteEnds,
    'health.events': healthEvents,
    'health.hosts': healthHosts,
    'backup.run': backupRun,
    'backup.list': backupList,
    'backup.verify': backupVerify,
    'backup.restore': backupRestore,
    'backup.restorePlan': backupRestorePlan,
    'backup.browse': backupBrowse,
    'backup.sendFile': backupSendFile,
    'backup.prune': backupPrune,
    'backup.schedule': backupScheduleHandler,
    'health.mute': healthMute,
    'disk.biggest': diskBiggest,
    'settings.get': settingsGet,
    'settings.set': settingsSet,
    'settings.about': settingsAbout,
    'settings.admins': settingsAdmins,
    'settings.thresholds': settingsThresholds,
    'settings.tune': settingsTune,
    'settings.activity': settingsActivity,
    'chart.render': chartRender,
    'smart.check': smartCheck,
    'offsite.run': offsiteRun,
    'clean.plan': cleanPlan,
    'clean.run': cleanRun,
    'selfupdate.preview': selfUpdatePreview,
    'selfupdate.run': selfUpdateRun,
    'docker.list': dockerList,
    'docker.logs': dockerLogs,
    'docker.start': dockerStart,
    'docker.stop': dockerStop,
    'docker.restart': dockerRestart,
  };
}
