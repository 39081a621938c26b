import { z } from 'zod';
import { securityUpdates } from '../host-updates.js';
import { hostSample } from '../sample.js';
import { defineJob } from './define.js';

export const healthJobs = {
  'health.sample': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: hostSample,
    access: 'admin',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 1,
    audit: 'sample the host',
  }),
  'health.heartbeat': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      at: z.number().int(),
      file: z.string(),
      /** The HEALTHCHECK_URL ping, when one is configured. */
      ping: z.object({ ok: z.boolean(), status: z.number().int().optional(), error: z.string().optional(), ms: z.number() }).optional(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 1,
    audit: 'write the heartbeat',
  }),
  'health.updates': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** Also stored (keys.securityUpdates) for 📊 Status and the digest; a failed count is stored with why. */
    result: securityUpdates,
    access: 'admin',
    mutates: false,
    // apt-get -s reads every package list: seconds on the laptop, longer while it is busy.
    timeoutMs: 150_000,
    attempts: 1,
    audit: 'count the pending security updates',
  }),
  'health.mute': defineJob({
    queue: 'read',
    data: z
      .object({
        /** An alert id (`cpu`, `disk.root`, `svc.n8n.service`...) or `all`. */
        alertId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,99}$/, 'not an alert id'),
        /** 0 ends the mute now (maintenance off). */
        minutes: z.number().int().min(0).max(7 * 24 * 60),
        /** Until 07:00 TIMEZONE tomorrow ("sampai besok pagi"); `minutes` is then ignored. */
        tomorrow: z.boolean().optional(),
      })
      .strict(),
    /** `until` 0: the mute was ended. */
    result: z.object({ alertId: z.string(), until: z.number().int(), message: z.string() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    changes: true,
    audit: 'mute an alert',
  }),
  'health.digest': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** `sentTo`: admins it was sent to silently (scheduled runs); a press from Telegram only answers that chat. */
    /** `rebootRequired`: the text says so and carries ♻️ Reboot sekarang. */
    result: z.object({ text: z.string(), sentTo: z.array(z.number().int()), rebootRequired: z.boolean().default(false) }),
    access: 'admin',
    mutates: false,
    timeoutMs: 30_000,
    attempts: 3,
    audit: 'send the daily digest',
  }),
  'health.events': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** Journal entries read per stream (null: not readable), event alerts sent, failed logins in the window. */
    result: z.object({ auth: z.number().int().nullable(), kernel: z.number().int().nullable(), alerts: z.number().int(), failedInWindow: z.number().int() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 45_000,
    attempts: 1,
    audit: 'read SSH logins, sudo and kernel errors from the journal',
  }),
  'health.muteEnds': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** Mutes whose end passed: removed and announced. */
    result: z.object({ ended: z.array(z.object({ alertId: z.string(), until: z.number().int() })) }),
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    audit: 'announce the ends of mutes',
  }),
  'health.hosts': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** Main host only (HOST_ROLE main): the other known hosts checked, and those not heard from (ids). */
    result: z.object({ checked: z.number().int(), silent: z.array(z.string()) }),
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 1,
    audit: "check the other hosts' heartbeats",
  }),
  'disk.biggest': defineJob({
    queue: 'read',
    data: z.object({ target: z.enum(['root', 'hdd']), depth: z.number().int().min(1).max(3).default(1) }).strict(),
    result: z.object({
      mount: z.string(),
      totalBytes: z.number().nonnegative().nullable(),
      entries: z.array(z.object({ path: z.string(), bytes: z.number().nonnegative() })),
      partial: z.boolean(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 150_000,
    attempts: 1,
    audit: 'list the biggest folders of a disk',
  }),
} as const;
