import { z } from 'zod';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** "host:port" for the cheap internet check (a TCP connect), or "off". */
const hostPortOrOff = z
  .string()
  .default('1.1.1.1:53')
  .refine((s) => s === 'off' || /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}:\d{1,5}$/.test(s), 'must be host:port such as 1.1.1.1:53, or "off"')
  .transform((s) => {
    if (s === 'off') return undefined;
    const i = s.lastIndexOf(':');
    return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  });

/**
 * Alert thresholds and windows (PRD section 14). Spread into the main env schema; the
 * defaults are the PRD's values.
 */
export const alertEnvShape = {
  ALERT_CPU_PERCENT: int(90, 1, 100),
  ALERT_CPU_FOR_SEC: int(300, 0, 86_400),
  ALERT_RAM_MIN_MB: int(500, 1, 1_000_000),
  ALERT_DISK_PERCENT: int(90, 1, 100),
  ALERT_TEMP_C: int(85, 30, 150),
  ALERT_TEMP_FOR_SEC: int(180, 0, 86_400),
  ALERT_NET_FOR_SEC: int(60, 0, 86_400),
  ALERT_REMIND_MIN: int(15, 1, 10_080),
  ALERT_CLEAR_FOR_SEC: int(60, 0, 86_400),
  ALERT_MARGIN_CPU_PERCENT: int(10, 0, 50),
  ALERT_MARGIN_DISK_PERCENT: int(2, 0, 50),
  ALERT_MARGIN_TEMP_C: int(5, 0, 50),
  ALERT_MARGIN_RAM_MB: int(100, 0, 100_000),
  NET_CHECK_TARGET: hostPortOrOff,
  NET_CHECK_TIMEOUT_MS: int(2000, 100, 30_000),
  BATTERY_CRITICAL_PERCENT: int(10, 1, 90),
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM such as 07:00').default('07:00'),
} as const;

export const alertFixes: Record<string, string> = {
  ALERT_CPU_PERCENT: 'a whole percent such as 90',
  ALERT_DISK_PERCENT: 'a whole percent such as 90',
  ALERT_TEMP_C: 'degrees Celsius such as 85',
  ALERT_RAM_MIN_MB: 'megabytes such as 500',
  ALERT_REMIND_MIN: 'minutes between reminders of an alert that lasts, at least 1 (PRD: 15)',
  BATTERY_CRITICAL_PERCENT: 'a whole percent such as 10: at or below it on battery, the server shuts down cleanly',
  DIGEST_TIME: 'the daily summary time HH:MM in TIMEZONE, such as 07:00',
  NET_CHECK_TARGET: 'host:port that answers TCP, e.g. NET_CHECK_TARGET="1.1.1.1:53", or "off"',
};

export interface AlertConfig {
  cpuPercent: number;
  cpuForMs: number;
  ramMinBytes: number;
  diskPercent: number;
  tempC: number;
  tempForMs: number;
  /** The internet check must fail this long before "koneksi putus" is sent. */
  netForMs: number;
  /** A reminder of an alert that lasts, at most this often. */
  remindMs: number;
  /** A condition must stay clear (past its margin) this long before "sudah normal lagi". */
  clearForMs: number;
  /** Recovery needs the value back past threshold minus (or plus, for RAM) this margin. */
  margins: { cpuPercent: number; diskPercent: number; tempC: number; ramBytes: number };
  /** Undefined: the internet check is off. */
  netTarget: { host: string; port: number } | undefined;
  netTimeoutMs: number;
  /** On battery at or below this %, announce and shut down cleanly. */
  batteryCriticalPercent: number;
  /** Daily digest time HH:MM in TIMEZONE. */
  digestTime: string;
}

type AlertEnv = { [K in keyof typeof alertEnvShape]: z.output<(typeof alertEnvShape)[K]> };

export function alertConfig(e: AlertEnv): AlertConfig {
  const MB = 1024 * 1024;
  return {
    cpuPercent: e.ALERT_CPU_PERCENT,
    cpuForMs: e.ALERT_CPU_FOR_SEC * 1000,
    ramMinBytes: e.ALERT_RAM_MIN_MB * MB,
    diskPercent: e.ALERT_DISK_PERCENT,
    tempC: e.ALERT_TEMP_C,
    tempForMs: e.ALERT_TEMP_FOR_SEC * 1000,
    netForMs: e.ALERT_NET_FOR_SEC * 1000,
    remindMs: e.ALERT_REMIND_MIN * 60_000,
    clearForMs: e.ALERT_CLEAR_FOR_SEC * 1000,
    margins: {
      cpuPercent: e.ALERT_MARGIN_CPU_PERCENT,
      diskPercent: e.ALERT_MARGIN_DISK_PERCENT,
      tempC: e.ALERT_MARGIN_TEMP_C,
      ramBytes: e.ALERT_MARGIN_RAM_MB * MB,
    },
    netTarget: e.NET_CHECK_TARGET,
    netTimeoutMs: e.NET_CHECK_TIMEOUT_MS,
    batteryCriticalPercent: e.BATTERY_CRITICAL_PERCENT,
    digestTime: e.DIGEST_TIME,
  };
}
