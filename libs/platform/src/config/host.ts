import { z } from 'zod';
import { envVar, int, type EnvOf } from './declare.js';
import { isKnownZone } from '../timezone.js';

/** A host id: part of every Redis key and queue of the host, so no `:`, `@`, `*` or upper case. */
export const HOST_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The host: its name, clock, log level and the worker's rhythm. */
export const hostVars = {
  HOST_ID: envVar({
    // Part of every Redis key and queue of the host (`potion:host@<id>:…`, `read@<id>`) and of its
    // ACL pattern `~potion:*@<id>:*`: no `:`, `@`, `*` or upper case may slip in.
    schema: z
      .string()
      .regex(HOST_ID_PATTERN, 'must start with a lowercase letter or digit, then lowercase letters, digits or "-", at most 32 characters (it names Redis keys)'),
    default: 'home',
    fix: 'e.g. HOST_ID="home" or HOST_ID="pi-2"',
    description: 'The name of this server in messages and Redis keys.',
  }),
  HOST_ROLE: envVar({
    schema: z.enum(['main', 'joined']),
    default: 'main',
    fix: 'HOST_ROLE="main" on the machine that runs the bot, HOST_ROLE="joined" on a host added with `potion hosts add`',
    description: 'main: this machine runs the bot and watches the other hosts; joined: a host added to a main one.',
  }),
  TIMEZONE: envVar({
    schema: z.string().refine(isKnownZone, 'is not a time zone of the tz database'),
    default: 'Asia/Jakarta',
    fix: 'a zone name such as Asia/Makassar or Asia/Jayapura (see timedatectl list-timezones)',
    description: 'Time zone of every time the bot shows or schedules.',
  }),
  LOG_LEVEL: envVar({
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
    default: 'info',
    fix: 'one of info, debug, warn, error',
    description: 'runtime.log level.',
  }),
  SAMPLE_INTERVAL_SEC: envVar({ schema: int(1, 3600), default: '30', description: 'Seconds between host samples (CPU, RAM, disk, temperature).' }),
  HEARTBEAT_INTERVAL_SEC: envVar({ schema: int(1, 86400), default: '300', description: 'Seconds between heartbeats.' }),
  JOB_LOCK_MS: envVar({ schema: int(500, 600_000), default: '30000', description: "BullMQ lock: how soon a crashed worker's job is noticed (ms)." }),
};

export function hostConfig(e: EnvOf<typeof hostVars>) {
  return {
    hostId: e.HOST_ID,
    /** main: runs the bot and checks the other hosts' heartbeats; joined: cannot read the registry of hosts. */
    hostRole: e.HOST_ROLE,
    timezone: e.TIMEZONE,
    logLevel: e.LOG_LEVEL,
    sampleIntervalMs: e.SAMPLE_INTERVAL_SEC * 1000,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_SEC * 1000,
    /** BullMQ lockDuration and stalledInterval: how soon a crashed worker's job is noticed. */
    jobLockMs: e.JOB_LOCK_MS,
  };
}
