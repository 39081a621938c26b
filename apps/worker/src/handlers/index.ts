import { diskBiggest, healthMute } from './alerts.js';
import { healthHeartbeat, healthSample } from './health.js';
import { settingsAbout, settingsAdmins, settingsGet, settingsSet } from './settings.js';
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
    'health.mute': healthMute,
    'disk.biggest': diskBiggest,
    'settings.get': settingsGet,
    'settings.set': settingsSet,
    'settings.about': settingsAbout,
    'settings.admins': settingsAdmins,
  };
}
