import { cancelButtons, confirmButtons } from './confirm.js';
import { alertButtons } from './alert.js';
import { backupButtons } from './backup.js';
import { browseButtons } from './browse.js';
import { cleanButtons } from './clean.js';
import { hostButtons } from './host.js';
import { dockerButtons } from './docker.js';
import { kontrolButtons } from './kontrol.js';
import { logsButtons } from './logs.js';
import { netButtons, powerButtons, updateButtons } from './actions.js';
import { selfUpdateButtons } from './selfupdate.js';
import { settingsButtons } from './settings.js';
import { statusButtons } from './status.js';
import { tuneButtons } from './tune.js';

/**
 * Every inline button's callback data, one codec per family (decision 032): whoever makes a
 * button (a worker present.ts, an alert rule, a bot keyboard) calls `build`, the bot's handler
 * listens to `pattern` and reads the data with `parse`. Nothing else writes `<family>:...`
 * (test/src/layout checks it).
 */
export const buttons = {
  status: statusButtons,
  kontrol: kontrolButtons,
  docker: dockerButtons,
  logs: logsButtons,
  net: netButtons,
  update: updateButtons,
  power: powerButtons,
  backup: backupButtons,
  browse: browseButtons,
  alert: alertButtons,
  settings: settingsButtons,
  clean: cleanButtons,
  host: hostButtons,
  tune: tuneButtons,
  selfUpdate: selfUpdateButtons,
  confirm: confirmButtons,
  cancel: cancelButtons,
} as const;

/** The first part of every callback data (`status`, `bk`, `cf`...), one per codec. */
export const BUTTON_FAMILIES = Object.values(buttons).map((c) => c.family);
