import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { envVar, type EnvOf } from './declare.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** "sun 05:00": a weekday (English, three letters) and a time HH:MM in TIMEZONE. */
const weekly = z
  .string()
  .transform((s) => s.toLowerCase().replace(/\s+/g, ' '))
  .refine((s) => /^(sun|mon|tue|wed|thu|fri|sat) ([01]\d|2[0-3]):[0-5]\d$/.test(s), 'must be a weekday and a time such as "sun 05:00"')
  .transform((s) => {
    const [day, time] = s.split(' ') as [string, string];
    return { weekday: WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]), time };
  });

/**
 * An rclone remote "name:path" from `rclone config`, or empty (off). A leading "-" would read
 * as an option; rclone's remote names are letters, digits, "_", "-", "." and spaces.
 */
const remote = z
  .string()
  .refine((s) => s === '' || /^[A-Za-z0-9_.][A-Za-z0-9_. -]*:[^\0\n]*$/.test(s), 'must be an rclone remote such as "offsite:potion-runner" (the name you gave in `rclone config`, a colon, then a folder)')
  .transform((s) => (s === '' ? undefined : s));

/** The off-site copy: the newest verified snapshot sent weekly with rclone (docs/decisions/034). */
export const offsiteVars = {
  OFFSITE_REMOTE: envVar({
    schema: remote,
    default: '',
    fix: 'the remote you made with `rclone config` plus a folder, e.g. OFFSITE_REMOTE="offsite:potion-runner" (a crypt remote encrypts it); empty = off',
    description: 'rclone remote "name:folder" the newest verified snapshot is sent to weekly; empty: off.',
  }),
  OFFSITE_SCHEDULE: envVar({
    schema: weekly,
    default: 'sun 05:00',
    fix: 'a weekday (sun, mon, tue, wed, thu, fri, sat) and a time HH:MM in TIMEZONE, e.g. OFFSITE_SCHEDULE="sun 05:00"',
    description: 'When the weekly off-site copy runs (weekday and HH:MM in TIMEZONE).',
  }),
  OFFSITE_RCLONE_CONFIG: envVar({
    schema: z.string().refine((s) => s === '' || (s.startsWith('/') && !s.includes('\0')), 'must be an absolute path'),
    default: '',
    fix: 'the absolute path of rclone.conf, e.g. /home/potion/.config/rclone/rclone.conf; empty = ~/.config/rclone/rclone.conf of the service user',
    description: "rclone.conf passed to rclone with --config; empty: the service user's ~/.config/rclone/rclone.conf.",
  }),
  OFFSITE_BWLIMIT: envVar({
    schema: z.string().regex(/^(\d+(\.\d+)?[BKMGTP]?)?$/i, 'must be an rclone bandwidth such as 2M (2 MiB/s) or empty'),
    default: '',
    fix: 'an upload limit in bytes per second as rclone writes it, e.g. OFFSITE_BWLIMIT="2M"; empty = no limit',
    description: 'Upload speed limit for the off-site copy (rclone --bwlimit, e.g. 2M); empty: none.',
  }),
};

export function offsiteConfig(e: EnvOf<typeof offsiteVars>) {
  return {
    offsite: {
      /** rclone "name:folder"; undefined: the off-site copy is off. Default off. */
      remote: e.OFFSITE_REMOTE,
      /** Weekday (0 = Sunday) and HH:MM in TIMEZONE. Default Sunday 05:00. */
      schedule: e.OFFSITE_SCHEDULE,
      /** Absolute path of rclone.conf. Default ~/.config/rclone/rclone.conf of the service user. */
      rcloneConfig: e.OFFSITE_RCLONE_CONFIG || join(homedir(), '.config', 'rclone', 'rclone.conf'),
      /** rclone --bwlimit; undefined: no limit. */
      bwlimit: e.OFFSITE_BWLIMIT || undefined,
    },
  };
}
