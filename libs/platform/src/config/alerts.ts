import { z } from 'zod';
import { envVar, hhmm, int, type EnvOf } from './declare.js';

/** "host:port" for the cheap internet check (a TCP connect), or "off". */
const hostPortOrOff = z
  .string()
  .refine((s) => s === 'off' || /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}:\d{1,5}$/.test(s), 'must be host:port such as 1.1.1.1:53, or "off"')
  .transform((s) => {
    if (s === 'off') return undefined;
    const i = s.lastIndexOf(':');
    return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  });

const percent = 'a whole percent such as 90';

/** Alert thresholds and windows (PRD section 14); the defaults are the PRD's values. */
export const alertVars = {
  ALERT_CPU_PERCENT: envVar({ schema: int(1, 100), default: '90', fix: percent, description: 'CPU alert threshold (%).' }),
  ALERT_CPU_FOR_SEC: envVar({ schema: int(0, 86_400), default: '300', description: 'Seconds the CPU must stay above its threshold before an alert.' }),
  ALERT_RAM_MIN_MB: envVar({ schema: int(1, 1_000_000), default: '500', fix: 'megabytes such as 500', description: 'Free RAM alert threshold (MB).' }),
  ALERT_DISK_PERCENT: envVar({ schema: int(1, 100), default: '90', fix: percent, description: 'Disk usage alert threshold (%).' }),
  ALERT_TEMP_C: envVar({ schema: int(30, 150), default: '85', fix: 'degrees Celsius such as 85', description: 'CPU temperature alert threshold (°C).' }),
  ALERT_TEMP_FOR_SEC: envVar({ schema: int(0, 86_400), default: '180', description: 'Seconds the temperature must stay above its threshold before an alert.' }),
  ALERT_NET_FOR_SEC: envVar({ schema: int(0, 86_400), default: '60', description: 'Seconds the internet check must fail before "koneksi putus" is sent.' }),
  ALERT_REMIND_MIN: envVar({
    schema: int(1, 10_080),
    default: '15',
    fix: 'minutes between reminders of an alert that lasts, at least 1 (PRD: 15)',
    description: 'A lasting alert is repeated at most this often (minutes).',
  }),
  ALERT_CLEAR_FOR_SEC: envVar({ schema: int(0, 86_400), default: '60', description: 'Seconds a condition must stay clear before "sudah normal lagi".' }),
  ALERT_MARGIN_CPU_PERCENT: envVar({ schema: int(0, 50), default: '10', description: 'Hysteresis: CPU must drop this far below the threshold to recover (%).' }),
  ALERT_MARGIN_DISK_PERCENT: envVar({ schema: int(0, 50), default: '2', description: 'Hysteresis for disk usage (%).' }),
  ALERT_MARGIN_TEMP_C: envVar({ schema: int(0, 50), default: '5', description: 'Hysteresis for temperature (°C).' }),
  ALERT_MARGIN_RAM_MB: envVar({ schema: int(0, 100_000), default: '100', description: 'Hysteresis for free RAM (MB).' }),
  NET_CHECK_TARGET: envVar({
    schema: hostPortOrOff,
    default: '1.1.1.1:53',
    fix: 'host:port that answers TCP, e.g. NET_CHECK_TARGET="1.1.1.1:53", or "off"',
    description: 'Internet check: a TCP connect to host:port every sample; "off": none.',
  }),
  NET_CHECK_TIMEOUT_MS: envVar({ schema: int(100, 30_000), default: '2000', description: 'Timeout of one internet check (ms).' }),
  BATTERY_CRITICAL_PERCENT: envVar({
    schema: int(1, 90),
    default: '10',
    fix: 'a whole percent such as 10: at or below it on battery, the server shuts down cleanly',
    description: 'On battery at or below this %: announce, then a clean shutdown.',
  }),
  LOGIN_FAIL_COUNT: envVar({
    schema: int(2, 1000),
    default: '5',
    fix: 'how many failed SSH logins within LOGIN_FAIL_WINDOW_MIN make an alert, at least 2, such as 5',
    description: 'Failed SSH logins (any user, any address) within the window that make one alert.',
  }),
  LOGIN_FAIL_WINDOW_MIN: envVar({
    schema: int(1, 1440),
    default: '10',
    fix: 'minutes such as 10: the window LOGIN_FAIL_COUNT failed SSH logins must fall in',
    description: 'Window of the failed-login alert (minutes).',
  }),
  HOST_SILENT_MIN: envVar({
    schema: int(1, 1440),
    default: '3',
    fix: 'whole minutes such as 3: how long past its due heartbeat another host may stay silent before "tidak terdengar"',
    description: 'Main host only: minutes past a due heartbeat (HEARTBEAT_INTERVAL_SEC) before another host counts as not heard from.',
  }),
  DIGEST_TIME: envVar({
    schema: hhmm('07:00'),
    default: '07:00',
    fix: 'the daily summary time HH:MM in TIMEZONE, such as 07:00',
    description: 'Daily digest time HH:MM in TIMEZONE.',
  }),
};

export function alertConfig(e: EnvOf<typeof alertVars>) {
  const MB = 1024 * 1024;
  return {
    cpuPercent: e.ALERT_CPU_PERCENT,
    cpuForMs: e.ALERT_CPU_FOR_SEC * 1000,
    ramMinBytes: e.ALERT_RAM_MIN_MB * MB,
    diskPercent: e.ALERT_DISK_PERCENT,
    tempC: e.ALERT_TEMP_C,
    tempForMs: e.ALERT_TEMP_FOR_SEC * 1000,
    /** The internet check must fail this long before "koneksi putus" is sent. */
    netForMs: e.ALERT_NET_FOR_SEC * 1000,
    /** A reminder of an alert that lasts, at most this often. */
    remindMs: e.ALERT_REMIND_MIN * 60_000,
    /** A condition must stay clear (past its margin) this long before "sudah normal lagi". */
    clearForMs: e.ALERT_CLEAR_FOR_SEC * 1000,
    /** Recovery needs the value back past threshold minus (or plus, for RAM) this margin. */
    margins: {
      cpuPercent: e.ALERT_MARGIN_CPU_PERCENT,
      diskPercent: e.ALERT_MARGIN_DISK_PERCENT,
      tempC: e.ALERT_MARGIN_TEMP_C,
      ramBytes: e.ALERT_MARGIN_RAM_MB * MB,
    },
    /** Undefined: the internet check is off. */
    netTarget: e.NET_CHECK_TARGET,
    netTimeoutMs: e.NET_CHECK_TIMEOUT_MS,
    /** On battery at or below this %, announce and shut down cleanly. */
    batteryCriticalPercent: e.BATTERY_CRITICAL_PERCENT,
    /** Daily digest time HH:MM in TIMEZONE. */
    digestTime: e.DIGEST_TIME,
    /** This many failed SSH logins within loginFailWindowMs make one alert. */
    loginFailCount: e.LOGIN_FAIL_COUNT,
    loginFailWindowMs: e.LOGIN_FAIL_WINDOW_MIN * 60_000,
    /** Another host is "not heard from" once its heartbeat is this long past due (main host only). */
    hostSilentMs: e.HOST_SILENT_MIN * 60_000,
  };
}

/** Alert thresholds, windows and margins (PRD section 14). */
export type AlertConfig = ReturnType<typeof alertConfig>;
