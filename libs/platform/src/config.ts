import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { alertConfig, alertEnvShape, alertFixes, type AlertConfig } from './config-alerts.js';
import { ConfigError } from './errors.js';
import { unitName } from './unit-name.js';

const csv = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

const idList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const parts = csv(s);
    // Every bad entry at once: fixing them one start at a time is a slow loop for a beginner.
    const bad = parts.filter((part) => !/^-?\d{1,16}$/.test(part)).map((part) => `"${part}"`);
    if (bad.length > 0) {
      const named = bad.length === 1 ? bad[0] : `${bad.slice(0, -1).join(', ')} and ${bad.at(-1)}`;
      ctx.addIssue({ code: 'custom', message: `${named} ${bad.length === 1 ? 'is not a numeric Telegram user id' : 'are not numeric Telegram user ids'}` });
      return z.NEVER;
    }
    return parts.map(Number);
  });

const unitList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const units = csv(s);
    for (const u of units) {
      const r = unitName.safeParse(u);
      if (!r.success) {
        ctx.addIssue({ code: 'custom', message: `"${u}": ${r.error.issues[0]?.message ?? 'invalid'}` });
        return z.NEVER;
      }
    }
    return [...new Set(units)];
  });

const pathList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const dirs = csv(s);
    for (const d of dirs) {
      if (!d.startsWith('/') || d.includes('\0') || /(^|\/)\.\.(\/|$)/.test(d)) {
        ctx.addIssue({ code: 'custom', message: `"${d}" is not an absolute folder path without ".."` });
        return z.NEVER;
      }
    }
    return [...new Set(dirs.map((d) => (d.length > 1 ? d.replace(/\/+$/, '') : d)))];
  });

/** A URL, or "off" to switch the feature off. */
const urlOrOff = (def: string) =>
  z
    .string()
    .default(def)
    .refine((s) => s === 'off' || /^https?:\/\/\S+$/.test(s), 'must be an http(s) URL or "off"')
    .transform((s) => (s === 'off' ? undefined : s));

const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const envSchema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d{5,16}:[A-Za-z0-9_-]{30,}$/, 'does not look like a bot token (digits, a colon, then about 35 letters)')
    .optional(),
  ADMIN_IDS: idList,
  VIEWER_IDS: idList,
  DATA_DIR: z.string().optional(),
  LOG_DIR: z.string().optional(),
  BACKUP_DIR: z.string().optional(),
  HDD_MOUNT: z.string().default('/mnt/potion-data'),
  SERVICES_WHITELIST: unitList,
  REDIS_URL: z
    .string()
    .regex(/^(redis|rediss|unix):\/\//, 'must start with redis://, rediss:// or unix://')
    .optional(),
  REDIS_APPENDFSYNC: z.enum(['always', 'everysec']).default('always'),
  TELEGRAM_API_ROOT: z.url({ message: 'must be a URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
  TELEGRAM_OUTAGE_NOTE_SEC: int(30, 0, 86400),
  TELEGRAM_CALL_TIMEOUT_SEC: int(20, 1, 600),
  TELEGRAM_RETRY_MAX_SEC: int(10, 1, 3600),
  BOT_FLOOD_BURST: int(8, 1, 100_000),
  BOT_FLOOD_REFILL_PER_MIN: int(120, 1, 100_000),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: int(7070, 0, 65535),
  DASHBOARD_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DASHBOARD_ALLOW_ACTIONS: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'),
  DASHBOARD_IDLE_STOP_MIN: z.coerce.number().min(0).max(1440).default(15),
  HOST_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits and "-", at most 31 characters')
    .default('home'),
  TIMEZONE: z.string().default('Asia/Jakarta'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  SAMPLE_INTERVAL_SEC: int(30, 1, 3600),
  HEARTBEAT_INTERVAL_SEC: int(300, 1, 86400),
  JOB_LOCK_MS: int(30_000, 500, 600_000),
  UPDATE_REPOS: pathList,
  UPDATE_DEPS_DIRS: pathList,
  PUBLIC_IP_URL: urlOrOff('https://api.ipify.org'),
  SPEEDTEST_URL: urlOrOff('https://speed.cloudflare.com/__down?bytes=25000000'),
  HEALTHCHECK_URL: urlOrOff('off'),
  PING_TARGET: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/, 'must be a host name or IP address').default('1.1.1.1'),
  POWER_ANNOUNCE_WAIT_SEC: int(10, 0, 120),
  BACKUP_SOURCES: z.string().default(''),
  BACKUP_EXCLUDE: z.string().default(''),
  BACKUP_INCLUDE_SECRETS: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'),
  BACKUP_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM such as 02:30').default('02:30'),
  BACKUP_KEEP_DAILY: int(14, 1, 365),
  BACKUP_KEEP_WEEKLY: int(8, 0, 520),
  BACKUP_RESTORE_TEST_FILES: int(20, 0, 10_000),
  BACKUP_STOP_SERVICES: unitList,
  ...alertEnvShape,
});

const fixes: Record<string, string> = {
  BOT_TOKEN: 'copy the token that @BotFather gave you, e.g. BOT_TOKEN="123456789:AA..." (or leave it empty to run without the bot)',
  ADMIN_IDS: 'a comma-separated list of numeric ids, e.g. ADMIN_IDS="12345678,87654321"; send /start to the bot to learn yours',
  VIEWER_IDS: 'a comma-separated list of numeric ids, or leave it empty',
  SERVICES_WHITELIST: 'a comma-separated list of exact unit names, e.g. SERVICES_WHITELIST="n8n.service,cloudflared.service"',
  REDIS_URL: 'e.g. REDIS_URL="redis://127.0.0.1:6379" or unix:///run/redis/redis.sock, or leave it empty to start a private Redis',
  TELEGRAM_API_ROOT: 'leave it empty for the official API',
  BOT_FLOOD_BURST: 'how many presses one user may make in a burst, e.g. 8 (refilled at 2 per second)',
  BOT_FLOOD_REFILL_PER_MIN: 'presses per minute given back to a user after a burst, e.g. 120',
  TELEGRAM_OUTAGE_NOTE_SEC: 'seconds, e.g. 30; a shorter Telegram outage passes without an "online again" note',
  TELEGRAM_CALL_TIMEOUT_SEC: 'seconds one message send may hang before it is tried again, e.g. 20',
  TELEGRAM_RETRY_MAX_SEC: 'the longest wait in seconds between tries while Telegram is unreachable, e.g. 10',
  DASHBOARD_PORT: 'a port number such as 7070',
  DASHBOARD_PASSWORD: 'choose a longer password, or leave it empty to have one generated',
  DASHBOARD_ALLOW_ACTIONS: 'true to allow retry/clean/promote buttons in Bull Board, false (default) for read-only',
  DASHBOARD_IDLE_STOP_MIN: 'minutes without a request before a dashboard started on demand stops (default 15; 0: npm start runs it all the time)',
  HOST_ID: 'e.g. HOST_ID="home"',
  LOG_LEVEL: 'one of info, debug, warn, error',
  UPDATE_REPOS: 'a comma-separated list of absolute paths of git checkouts, e.g. UPDATE_REPOS="/opt/mcp-tools,/home/dre/rag"',
  UPDATE_DEPS_DIRS: 'a comma-separated list of absolute project folders with package-lock.json / uv.lock / requirements.txt',
  PUBLIC_IP_URL: 'a URL that answers with your address as plain text (default https://api.ipify.org), or "off"',
  SPEEDTEST_URL: 'a URL of a large file to time (default Cloudflare\'s speed test), or "off"',
  HEALTHCHECK_URL: 'a Healthchecks.io or Uptime Kuma push URL the heartbeat pings, e.g. https://hc-ping.com/<uuid>, or "off" (default)',
  PING_TARGET: 'e.g. PING_TARGET="1.1.1.1"',
  POWER_ANNOUNCE_WAIT_SEC: 'seconds to wait for the reboot/shutdown announcement to be delivered, e.g. 10',
  BACKUP_SOURCES: 'a comma-separated list of absolute folders or files, e.g. BACKUP_SOURCES="/opt/potion-runner/app,/opt/potion-runner/logs"; empty = the app folder, LOG_DIR and the system files',
  BACKUP_EXCLUDE: 'comma-separated rsync patterns such as "*.tmp,cache/"',
  BACKUP_INCLUDE_SECRETS: 'true to also copy .env and key files into the backup, false (default) to leave them out',
  BACKUP_TIME: 'the daily backup time in 24-hour HH:MM, e.g. BACKUP_TIME="02:30"',
  BACKUP_KEEP_DAILY: 'how many daily snapshots to keep, e.g. 14',
  BACKUP_KEEP_WEEKLY: 'how many weekly snapshots to keep, e.g. 8',
  BACKUP_RESTORE_TEST_FILES: 'how many files of each new snapshot to test-restore and compare, e.g. 20 (0 = off)',
  BACKUP_STOP_SERVICES: 'units from SERVICES_WHITELIST to stop while a restore writes, e.g. "n8n.service"',
  ...alertFixes,
};

export type Env = z.input<typeof envSchema>;

export interface Config {
  botToken: string | undefined;
  adminIds: readonly number[];
  viewerIds: readonly number[];
  dataDir: string;
  logDir: string;
  backupDir: string;
  hddMount: string;
  servicesWhitelist: readonly string[];
  /** Undefined: start a private redis-server (npm start). */
  redisUrl: string | undefined;
  redisAppendfsync: 'always' | 'everysec';
  telegramApiRoot: string;
  /** A Telegram outage at least this long is reported with an "online again" note. */
  telegramOutageNoteMs: number;
  /** One outbox call to Telegram that hangs this long counts as failed and is tried again. */
  telegramCallTimeoutMs: number;
  /** Longest backoff between outbox tries while Telegram is unreachable. */
  telegramRetryMaxMs: number;
  /** Presses one Telegram user may make in a burst. */
  botFloodBurst: number;
  /** Presses per second given back after a burst (BOT_FLOOD_REFILL_PER_MIN / 60). */
  botFloodRefillPerSec: number;
  dashboard: {
    host: string;
    port: number;
    password: string | undefined;
    /** Bull Board retry/clean/promote actions; false (default) keeps the board read-only. */
    allowActions: boolean;
    /**
     * Minutes without a request after which a dashboard started on demand (by `npm start`'s
     * listener or a systemd socket) exits, to be started again by the next connection.
     * Default 15; 0: never, and `npm start` runs the dashboard all the time.
     */
    idleStopMin: number;
  };
  hostId: string;
  timezone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  sampleIntervalMs: number;
  heartbeatIntervalMs: number;
  /** BullMQ lockDuration and stalledInterval: how soon a crashed worker's job is noticed. */
  jobLockMs: number;
  /** Git checkouts that update.git pulls (--ff-only). */
  updateRepos: readonly string[];
  /** Project folders whose dependencies update.deps syncs from their lock files. */
  updateDepsDirs: readonly string[];
  /** Undefined: the public address is not looked up. */
  publicIpUrl: string | undefined;
  /** Undefined: the speed test is switched off. */
  speedtestUrl: string | undefined;
  /** Push URL pinged by each heartbeat (Healthchecks.io, Uptime Kuma); undefined: off. */
  healthcheckUrl: string | undefined;
  pingTarget: string;
  /** How long host.reboot/shutdown waits for its announcement to be delivered (ms). */
  powerAnnounceWaitMs: number;
  backup: BackupConfig;
  /** Alert thresholds, windows and margins (PRD section 14). */
  alerts: AlertConfig;
  /** Where the values came from, for messages. */
  envFile: string | undefined;
}

export interface BackupConfig {
  /** Absolute paths to back up. Default: the app folder (working directory) and LOG_DIR. */
  sources: readonly string[];
  /** True when BACKUP_SOURCES was empty: the system files (fstab, potion units) are added too. */
  defaultSources: boolean;
  /** Extra rsync exclude patterns. */
  excludes: readonly string[];
  /** Copy .env and key files too. Default false. */
  includeSecrets: boolean;
  /** Daily time HH:MM in TIMEZONE, before a change from the bot (settings hash). Default 02:30. */
  time: string;
  keepDaily: number;
  keepWeekly: number;
  /** Files of each new snapshot restored into a temp folder and compared with the manifest. 0 = off. Default 20. */
  restoreTestFiles?: number;
  /** Whitelisted units stopped while a restore writes. Default none. */
  stopServices: readonly string[];
}

export interface LoadConfigOptions {
  /** The process environment. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Path of the .env file. Default: $ENV_FILE, else ./.env in the working directory. */
  envFile?: string;
  /** Base for relative paths and the no-.env default data folder. Default: process.cwd(). */
  cwd?: string;
  /**
   * Load an `.env` that group or others may read. Default false: starting is refused. Only
   * the doctor sets it, because it reports the mode itself and still checks the values.
   */
  allowOpenEnvFile?: boolean;
}

/**
 * The `.env` holds the bot token and the dashboard password: a file that group or other
 * users can read (or write) is refused, with the command that fixes it. Checked here, in
 * the one loader every process uses, so no start path can skip it.
 */
function checkEnvFileMode(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  throw new ConfigError(
    [{ variable: '.env', problem: `mode ${mode.toString(8)}: group or other users can read it, and it holds the bot token and the dashboard password`, fix: `chmod 600 ${path}` }],
    path,
  );
}

/** Reads a .env file; a missing file is not an error (first try without one). */
function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new ConfigError(
      [{ variable: '(file)', problem: `cannot read: ${(err as Error).message}`, fix: `check the file ${path}` }],
      path,
    );
  }
}

/**
 * Loads the configuration once at start: the `.env` file, overridden by variables set in
 * the process environment (systemd, CI and tests set them that way). An empty value
 * counts as unset. Throws one ConfigError naming every bad variable.
 */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const envFile = resolve(cwd, opts.envFile ?? (env.ENV_FILE || '.env'));
  if (existsSync(envFile) && opts.allowOpenEnvFile !== true) checkEnvFileMode(envFile);
  const fromFile = readEnvFile(envFile);
  const merged: Record<string, string> = {};
  const fromProcess = new Set<string>();
  for (const key of Object.keys(envSchema.shape)) {
    const processValue = env[key];
    const fileValue = fromFile[key];
    const value = processValue !== undefined && processValue !== '' ? processValue : fileValue;
    if (processValue !== undefined && processValue !== '') fromProcess.add(key);
    if (value !== undefined && value.trim() !== '') merged[key] = value.trim();
  }
  const parsed = envSchema.safeParse(merged);
  const fileSource = existsSync(envFile) ? envFile : 'environment (no .env file)';
  // Name where the wrong values came from: a value set in the process environment (a
  // systemd unit's Environment=, the shell) is not fixed by editing .env.
  const sourceOf = (variables: readonly string[]): string => {
    const inEnv = variables.filter((v) => fromProcess.has(v));
    if (inEnv.length === 0) return fileSource;
    const envText = `the process environment (${inEnv.join(', ')}: set by the systemd unit or the shell)`;
    return inEnv.length === variables.length ? envText : `${envText} and ${fileSource}`;
  };
  const source = sourceOf(['ADMIN_IDS', 'BOT_TOKEN']);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(unknown)');
      return { variable, problem: issue.message, fix: fixes[variable] ?? 'correct the value or remove it to use the default' };
    });
    throw new ConfigError(problems, sourceOf(problems.map((p) => p.variable)));
  }
  const e = parsed.data;
  if (e.BOT_TOKEN && e.ADMIN_IDS.length === 0) {
    throw new ConfigError(
      [{ variable: 'ADMIN_IDS', problem: 'is empty while BOT_TOKEN is set, so nobody could use the bot', fix: fixes.ADMIN_IDS! }],
      source,
    );
  }
  const dataDir = resolve(cwd, e.DATA_DIR ?? '.potion');
  const notListed = e.BACKUP_STOP_SERVICES.filter((u) => !e.SERVICES_WHITELIST.includes(u));
  if (notListed.length > 0) {
    throw new ConfigError(
      [{ variable: 'BACKUP_STOP_SERVICES', problem: `${notListed.join(', ')} not in SERVICES_WHITELIST`, fix: 'add them to SERVICES_WHITELIST too, or remove them here' }],
      sourceOf(['BACKUP_STOP_SERVICES', 'SERVICES_WHITELIST']),
    );
  }
  const logDir = resolve(cwd, e.LOG_DIR ?? `${dataDir}/logs`);
  const backupSources = csv(e.BACKUP_SOURCES).map((p) => resolve(cwd, p));
  return {
    botToken: e.BOT_TOKEN,
    adminIds: e.ADMIN_IDS,
    viewerIds: e.VIEWER_IDS.filter((id) => !e.ADMIN_IDS.includes(id)),
    dataDir,
    logDir,
    backupDir: resolve(cwd, e.BACKUP_DIR ?? `${dataDir}/backups`),
    hddMount: resolve(cwd, e.HDD_MOUNT),
    servicesWhitelist: e.SERVICES_WHITELIST,
    redisUrl: e.REDIS_URL,
    redisAppendfsync: e.REDIS_APPENDFSYNC,
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    telegramOutageNoteMs: e.TELEGRAM_OUTAGE_NOTE_SEC * 1000,
    telegramCallTimeoutMs: e.TELEGRAM_CALL_TIMEOUT_SEC * 1000,
    telegramRetryMaxMs: e.TELEGRAM_RETRY_MAX_SEC * 1000,
    botFloodBurst: e.BOT_FLOOD_BURST,
    botFloodRefillPerSec: e.BOT_FLOOD_REFILL_PER_MIN / 60,
    dashboard: {
      host: e.DASHBOARD_HOST,
      port: e.DASHBOARD_PORT,
      password: e.DASHBOARD_PASSWORD,
      allowActions: ['true', '1', 'yes'].includes(e.DASHBOARD_ALLOW_ACTIONS),
      idleStopMin: e.DASHBOARD_IDLE_STOP_MIN,
    },
    hostId: e.HOST_ID,
    timezone: e.TIMEZONE,
    logLevel: e.LOG_LEVEL,
    sampleIntervalMs: e.SAMPLE_INTERVAL_SEC * 1000,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_SEC * 1000,
    jobLockMs: e.JOB_LOCK_MS,
    updateRepos: e.UPDATE_REPOS,
    updateDepsDirs: e.UPDATE_DEPS_DIRS,
    publicIpUrl: e.PUBLIC_IP_URL,
    speedtestUrl: e.SPEEDTEST_URL,
    healthcheckUrl: e.HEALTHCHECK_URL,
    pingTarget: e.PING_TARGET,
    powerAnnounceWaitMs: e.POWER_ANNOUNCE_WAIT_SEC * 1000,
    backup: {
      sources: backupSources.length > 0 ? backupSources : [cwd, logDir],
      defaultSources: backupSources.length === 0,
      excludes: csv(e.BACKUP_EXCLUDE),
      includeSecrets: ['true', '1', 'yes'].includes(e.BACKUP_INCLUDE_SECRETS),
      time: e.BACKUP_TIME,
      keepDaily: e.BACKUP_KEEP_DAILY,
      keepWeekly: e.BACKUP_KEEP_WEEKLY,
      restoreTestFiles: e.BACKUP_RESTORE_TEST_FILES,
      stopServices: e.BACKUP_STOP_SERVICES,
    },
    alerts: alertConfig(e),
    envFile: existsSync(envFile) ? envFile : undefined,
  };
}

/** The variables the loader knows, for docs and the doctor command. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

/**
 * For a process's main: loads the configuration, or prints the ConfigError (which names each
 * variable and its fix) and exits with 78 (EX_CONFIG), which systemd and `npm start` do not
 * restart in a loop.
 */
export function loadConfigOrExit(opts: LoadConfigOptions = {}): Config {
  try {
    return loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
