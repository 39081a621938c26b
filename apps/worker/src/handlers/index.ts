import { backupList, backupPrune, backupRun, backupScheduleHandler } from './backup.js';
import { backupRestore } from './backup-restore.js';
import { backupVerify } from './backup-verify.js';
import { healthHeartbeat, healthSample } from './health.js';
import { serviceList, serviceRestart, serviceStart, serviceStop } from './service.js';
import { statusSummary } from './status.js';
import type { Handlers } from './types.js';

export function createHandlers(): Handlers {
  return {
    'status.summary': statusSummary,
    'service.list': serviceList,
    'service.start': serviceStart,
    'service.stop': serviceStop,
    'service.restart': serviceRestart,
    'health.sample': healthSample,
    'health.heartbeat': healthHeartbeat,
    'backup.run': backupRun,
    'backup.list': backupList,
    'backup.verify': backupVerify,
    'backup.restore': backupRestore,
    'backup.prune': backupPrune,
    'backup.schedule': backupScheduleHandler,
  };
}
