import { z } from 'zod';
import { defineJob } from './define.js';

export const chartMetric = z.enum(['cpu', 'ram', 'temp', 'disk']);

export const chartJobs = {
  'chart.render': defineJob({
    queue: 'read',
    data: z
      .object({
        /** Window length: the last 1, 6 or 24 hours of the sampler history. */
        hours: z.union([z.literal(1), z.literal(6), z.literal(24)]),
        /** Only one panel; default all four (CPU, RAM, temperature, disk). */
        metric: chartMetric.optional(),
      })
      .strict(),
    result: z.object({
      /** The PNG under DATA_DIR/charts, sent as a photo. */
      path: z.string(),
      hours: z.number().int().positive(),
      /** Samples inside the window (0: the sampler has no history yet). */
      points: z.number().int().nonnegative(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      bytes: z.number().int().nonnegative(),
    }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 30_000,
    attempts: 2,
    audit: 'draw a chart of the host history',
  }),
} as const;
