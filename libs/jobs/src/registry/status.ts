import { z } from 'zod';
import { hostSample } from '../sample.js';
import { defineJob } from './define.js';

export const serviceState = z.object({
  unit: z.string(),
  /** systemd ActiveState: active, inactive, failed, activating, deactivating, reloading, or unknown. */
  active: z.string(),
  sub: z.string(),
  /** False when systemd does not know the unit (typo in SERVICES_WHITELIST). */
  found: z.boolean(),
});

export const statusJobs = {
  'status.summary': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      sample: hostSample,
      /** Age of the sample in ms when the summary was made. */
      sampleAgeMs: z.number().nonnegative(),
      hddMount: z.string(),
      services: z.array(serviceState),
    }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 3,
    audit: 'show the status summary',
  }),
} as const;
