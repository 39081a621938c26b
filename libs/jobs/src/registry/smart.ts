import { z } from 'zod';
import { defineJob } from './define.js';

/** The SMART values kept per disk between weekly checks (keys.smart). */
export const smartRecord = z.object({
  at: z.number().int(),
  device: z.string(),
  model: z.string(),
  passed: z.boolean().optional(),
  reallocatedSectors: z.number().optional(),
  pendingSectors: z.number().optional(),
  uncorrectableSectors: z.number().optional(),
  crcErrors: z.number().optional(),
  powerOnHours: z.number().optional(),
});
export type SmartRecord = z.infer<typeof smartRecord>;

/** One predictive value that grew since the last check (or the verdict that turned bad). */
export const smartGrowth = z.object({
  attr: z.enum(['reallocatedSectors', 'pendingSectors', 'uncorrectableSectors', 'crcErrors', 'passed']),
  from: z.number(),
  to: z.number(),
});
export type SmartGrowth = z.infer<typeof smartGrowth>;

export const smartJobs = {
  'smart.check': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      /** not-installed: smartctl missing; no-permission: the sudoers rule is missing. */
      state: z.enum(['ok', 'not-installed', 'no-permission', 'error']),
      disks: z.array(z.object({ record: smartRecord, grown: z.array(smartGrowth), first: z.boolean() })),
      /** Admins alerted about a growth. */
      alerted: z.number().int().nonnegative(),
      note: z.string().optional(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 5 * 60_000,
    attempts: 2,
    audit: 'check the SMART health of the disks',
  }),
} as const;
