import { resolve } from 'node:path';
import { z } from 'zod';
import { unitName } from '../unit-name.js';
import { csv, envVar, flag, hhmm, int, pathList, unitList, type CrossCheck, type EnvOf } from './declare.js';
import type { machineVars } from './machine.js';

/** PostgreSQL database names (never connection strings: pg_dump gets them as --dbname). */
const pgNames = z.string().transform((s, ctx): readonly string[] => {
  const names = csv(s);
  const bad = names.filter((n) => !/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(n));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${bad.map((b) => `"${b}"`).join(', ')}: not a plain database name (letters, digits, _ $ -)` });
    return z.NEVER;
  }
  return [...new Set(names)];
});

/** Backups to the HDD (rsync snapshots under BACKUP_DIR/snapshots). */
export const backupVars = {
  BACKUP_SOURCES: envVar({
    schema: z.string(),
    default: '',
    fix: 'a comma-separated list of absolute folders or files, e.g. BACKUP_SOURCES="/opt/potion-runner/app,/opt/potion-runner/logs"; empty = the app folder, LOG_DIR and the system files',
    description: 'Folders or files to back up; empty: the app folder, LOG_DIR, /etc/fstab and the potion* units.',
  }),
  BACKUP_EXCLUDE: envVar({
    schema: z.string(),
    default: '',
    fix: 'comma-separated rsync patterns such as "*.tmp,cache/"',
    description: 'Extra rsync exclude patterns (node_modules/ and secrets are always left out).',
  }),
  BACKUP_INCLUDE_SECRETS: envVar({
    schema: flag,
    default: 'false',
    fix: 'true to also copy .env and key files into the backup, false (default) to leave them out',
    description: 'true: also copy .env and key files (the HDD then holds your bot token).',
  }),
  BACKUP_TIME: envVar({
    schema: hhmm('02:30'),
    default: '02:30',
    fix: 'the daily backup time in 24-hour HH:MM, e.g. BACKUP_TIME="02:30"',
    description: "Daily backup time in TIMEZONE; the bot's Jadwal button changes it later.",
  }),
  BACKUP_KEEP_DAILY: envVar({ schema: int(1, 365), default: '14', fix: 'how many daily snapshots to keep, e.g. 14', description: 'Daily snapshots kept.' }),
  BACKUP_KEEP_WEEKLY: envVar({ schema: int(0, 520), default: '8', fix: 'how many weekly snapshots to keep, e.g. 8', description: 'Weekly snapshots kept.' }),
  BACKUP_RESTORE_TEST_FILES: envVar({
    schema: int(0, 10_000),
    default: '20',
    fix: 'how many files of each new snapshot to test-restore and compare, e.g. 20 (0 = off)',
    description: 'Files of each new snapshot restored into a temp folder and compared with the manifest; 0: off.',
  }),
  BACKUP_STOP_SERVICES: envVar({
    schema: unitList,
    default: '',
    fix: 'units from SERVICES_WHITELIST to stop while a restore writes, e.g. "n8n.service"',
    description: 'Whitelisted units stopped during every restore (besides the ones found by their paths).',
  }),
  BACKUP_SERVICE_PATHS: envVar({
    schema: servicePathMap(),
    default: '',
    fix: 'comma-separated unit=/absolute/path pairs, e.g. "n8n.service=/home/n8n/.n8n,n8n.service=/srv/n8n"',
    description:
      "Extra folders per unit: a restore that writes there stops the unit first (its WorkingDirectory, ReadWritePaths and ExecStart binary are found without this).",
  }),
  BACKUP_SQLITE: envVar({
    schema: pathList,
    default: '',
    fix: 'a comma-separated list of absolute SQLite database files, e.g. BACKUP_SQLITE="/home/u/.n8n/database.sqlite"; empty = none',
    description: 'SQLite databases dumped (online, consistent) into the snapshot before each backup; a failed dump fails the backup.',
  }),
  BACKUP_PG: envVar({
    schema: pgNames,
    default: '',
    fix: 'a comma-separated list of PostgreSQL database names, e.g. BACKUP_PG="n8n,nextcloud"; empty = none',
    description: 'PostgreSQL databases dumped with pg_dump (as the worker\'s own database role) into the snapshot before each backup.',
  }),
};

/** `unit=/path,unit=/path`: the unit, then an absolute path without ".." (a unit may repeat). */
function servicePathMap() {
  return z.string().transform((s, ctx): readonly { unit: string; path: string }[] => {
    const out: { unit: string; path: string }[] = [];
    for (const pair of csv(s)) {
      const eq = pair.indexOf('=');
      const unit = pair.slice(0, Math.max(eq, 0)).trim();
      const path = pair.slice(eq + 1).trim().replace(/(.)\/+$/, '$1');
      if (eq <= 0 || !unitName.safeParse(unit).success || !path.startsWith('/') || path.includes('\0') || /(^|\/)\.\.(\/|$)/.test(path)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not unit=/absolute/path (e.g. n8n.service=/home/n8n/.n8n)` });
        return z.NEVER;
      }
      out.push({ unit, path });
    }
    return out;
  });
}

type BackupEnv = EnvOf<typeof backupVars> & EnvOf<Pick<typeof machineVars, 'SERVICES_WHITELIST'>>;

export function backupConfig(e: EnvOf<typeof backupVars>, at: { cwd: string; logDir: string }) {
  const sources = csv(e.BACKUP_SOURCES).map((p) => resolve(at.cwd, p));
  // Optional in the type (tests build a BackupConfig without it; the reader defaults to 20).
  const restoreTest: { restoreTestFiles?: number } = { restoreTestFiles: e.BACKUP_RESTORE_TEST_FILES };
  const servicePaths: { servicePaths?: readonly { unit: string; path: string }[] } = { servicePaths: e.BACKUP_SERVICE_PATHS };
  // Optional in the type too (tests build a BackupConfig without it; absent = none).
  const dumps: { sqlite?: readonly string[]; pg?: readonly string[] } = { sqlite: e.BACKUP_SQLITE, pg: e.BACKUP_PG };
  return {
    backup: {
      /** Absolute paths to back up. Default: the app folder (working directory) and LOG_DIR. */
      sources: (sources.length > 0 ? sources : [at.cwd, at.logDir]) as readonly string[],
      /** True when BACKUP_SOURCES was empty: the system files (fstab, potion units) are added too. */
      defaultSources: sources.length === 0,
      /** Extra rsync exclude patterns. */
      excludes: csv(e.BACKUP_EXCLUDE) as readonly string[],
      /** Copy .env and key files too. Default false. */
      includeSecrets: e.BACKUP_INCLUDE_SECRETS,
      /** Daily time HH:MM in TIMEZONE, before a change from the bot (settings hash). Default 02:30. */
      time: e.BACKUP_TIME,
      keepDaily: e.BACKUP_KEEP_DAILY,
      keepWeekly: e.BACKUP_KEEP_WEEKLY,
      /** Files of each new snapshot restored into a temp folder and compared with the manifest. 0 = off. Default 20. */
      ...restoreTest,
      /** Whitelisted units stopped during every restore. Default none (the units are found by their paths). */
      stopServices: e.BACKUP_STOP_SERVICES,
      /** Extra paths per unit for that search (BACKUP_SERVICE_PATHS). Optional in the type (tests build a BackupConfig without it). */
      ...servicePaths,
      /** SQLite databases (sqlite) and PostgreSQL database names (pg) dumped into each snapshot's dumps/ folder. Default none. */
      ...dumps,
    },
  };
}

/** Units stopped during a restore must be whitelisted too. */
export function backupCheck(e: BackupEnv): CrossCheck | undefined {
  const notListed = e.BACKUP_STOP_SERVICES.filter((u) => !e.SERVICES_WHITELIST.includes(u));
  if (notListed.length > 0) {
    return {
      problem: { variable: 'BACKUP_STOP_SERVICES', problem: `${notListed.join(', ')} not in SERVICES_WHITELIST`, fix: 'add them to SERVICES_WHITELIST too, or remove them here' },
      blame: ['BACKUP_STOP_SERVICES', 'SERVICES_WHITELIST'],
    };
  }
  const mapped = [...new Set(e.BACKUP_SERVICE_PATHS.map((x) => x.unit).filter((u) => !e.SERVICES_WHITELIST.includes(u)))];
  if (mapped.length === 0) return undefined;
  return {
    problem: { variable: 'BACKUP_SERVICE_PATHS', problem: `${mapped.join(', ')} not in SERVICES_WHITELIST`, fix: 'add them to SERVICES_WHITELIST too, or remove them here' },
    blame: ['BACKUP_SERVICE_PATHS', 'SERVICES_WHITELIST'],
  };
}
