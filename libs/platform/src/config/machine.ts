import { resolve } from 'node:path';
import { z } from 'zod';
import { envVar, unitList, type EnvOf } from './declare.js';

/** What the app uses on this machine: its folders, the backup HDD, the units it may touch. */
export const machineVars = {
  DATA_DIR: envVar({ schema: z.string().optional(), description: 'Where the app keeps its data; default ./.potion in the working directory.' }),
  LOG_DIR: envVar({ schema: z.string().optional(), description: 'Log folder; default DATA_DIR/logs.' }),
  BACKUP_DIR: envVar({ schema: z.string().optional(), description: 'Backup snapshots folder, on HDD_MOUNT; default DATA_DIR/backups.' }),
  HDD_MOUNT: envVar({ schema: z.string(), default: '/mnt/potion-data', description: 'Mount point of the backup HDD.' }),
  REBOOT_REQUIRED_FILE: envVar({
    schema: z.string().regex(/^\/[^\0]*$/, 'must be an absolute file path'),
    default: '/var/run/reboot-required',
    fix: 'the file apt writes when an update needs a reboot; default /var/run/reboot-required',
    description: 'Marker of a pending reboot (its .pkgs file names the packages); 📊 Status and the digest show it.',
  }),
  SERVICES_WHITELIST: envVar({
    schema: unitList,
    default: '',
    fix: 'a comma-separated list of exact unit names, e.g. SERVICES_WHITELIST="n8n.service,cloudflared.service"',
    description: 'Exact unit names the bot may show and control.',
  }),
};

export function machineConfig(e: EnvOf<typeof machineVars>, cwd: string) {
  const dataDir = resolve(cwd, e.DATA_DIR ?? '.potion');
  return {
    dataDir,
    logDir: resolve(cwd, e.LOG_DIR ?? `${dataDir}/logs`),
    backupDir: resolve(cwd, e.BACKUP_DIR ?? `${dataDir}/backups`),
    hddMount: resolve(cwd, e.HDD_MOUNT),
    servicesWhitelist: e.SERVICES_WHITELIST,
    /** Debian/Ubuntu's marker of an update that needs a reboot; `<file>.pkgs` lists the packages. */
    rebootRequiredFile: e.REBOOT_REQUIRED_FILE,
  };
}
