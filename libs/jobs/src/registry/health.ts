import { z } from 'zod';
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
} as const;
