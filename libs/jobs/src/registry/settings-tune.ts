import { z } from 'zod';
import { inRange } from '../tuning/apply.js';
import { tunableId, tuneGroup } from '../tuning/catalog.js';
import { defineJob } from './define.js';

/** One value of a 📏 Ambang alert page: in force now, and the `.env` default. */
const tunedValue = z.object({ id: tunableId, value: z.number().int(), default: z.number().int() });

/** A page of 📏 Ambang alert: the values of one group. */
export const tunePage = z.object({ group: tuneGroup, values: z.array(tunedValue) });

/** Entries 📜 Aktivitas shows at most (the newest). */
export const ACTIVITY_LIMIT = 20;

/** One action of actions.log as 📜 Aktivitas lists it (the lines of one request merged). */
export const activityEntry = z.object({
  /** Unix ms of the request's first line. */
  at: z.number(),
  /** "tg:1001", "scheduler:backup", "system:worker". */
  who: z.string(),
  /** The job name, or what the bot refused ("button:…", "command:reboot"). */
  action: z.string(),
  outcome: z.enum(['started', 'ok', 'failed', 'refused', 'interrupted']),
  /** The payload of the job when the log holds it (mutating jobs, refusals). */
  payload: z.record(z.string(), z.unknown()).optional(),
  /** Why it failed or was refused, cut short. */
  error: z.string().optional(),
});
export type ActivityEntry = z.infer<typeof activityEntry>;

export const settingsTuneJobs = {
  'settings.thresholds': defineJob({
    queue: 'read',
    /** `focus`: the page of one value (its buttons), instead of the group's list. */
    data: z.object({ group: tuneGroup, focus: tunableId.optional() }).strict(),
    result: tunePage,
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    audit: 'show alert thresholds',
  }),
  'settings.tune': defineJob({
    queue: 'once',
    /** `value` null: back to the `.env` default. The range is the `.env` variable's. */
    data: z
      .object({ id: tunableId, value: z.number().int().nullable() })
      .strict()
      .refine((d) => d.value === null || inRange(d.id, d.value), { error: 'value: outside the range of its .env variable', path: ['value'] }),
    result: z.object({ id: tunableId, value: z.number().int(), previous: z.number().int(), default: z.number().int(), page: tunePage }),
    access: 'admin',
    // Changes what the alert engine does: admin only, confirmed, signed and audited with its payload.
    mutates: true,
    timeoutMs: 10_000,
    attempts: 1,
    audit: 'change an alert threshold or window',
  }),
  'settings.activity': defineJob({
    queue: 'read',
    /** The page of the listing when it does not fit in one message (0 = the newest). */
    data: z.object({ page: z.number().int().min(0).max(ACTIVITY_LIMIT) }).strict(),
    result: z.object({ entries: z.array(activityEntry), readable: z.boolean() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 15_000,
    attempts: 2,
    audit: 'show the recent actions',
  }),
} as const;
