import { z } from 'zod';
import { defineJob } from './define.js';

const commit = z.object({ hash: z.string(), subject: z.string() });

/**
 * ⚙️ Settings → ⬆️ Update potion-runner (issue 19 point 6, decision 045). The worker never
 * builds: the preview asks root's script (`sudo self-update.sh check`) what is incoming; the
 * run starts root's oneshot unit, which builds, switches, restarts and rolls back. The result
 * of the run comes later, from the status file the unit writes (the worker follows it, and a
 * worker started by that restart picks it up).
 */
export const selfUpdateJobs = {
  'selfupdate.preview': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      /** Absent when the check failed (then `error` says why). */
      running: commit.optional(),
      upstream: z.string().optional(),
      /** All incoming commits; `commits` holds the newest few. */
      total: z.number().int(),
      commits: z.array(commit),
      /** Why root's script could not look (no checkout recorded, fetch failed, no sudo rule...). */
      error: z.string().optional(),
      /** A self-update is running right now: no button, its result still comes. */
      busy: z.boolean(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 4 * 60_000,
    attempts: 1,
    audit: "git fetch in potion-runner's checkout (as root's script), then the commits a self-update would install",
  }),
  'selfupdate.run': defineJob({
    queue: 'once',
    data: z.object({}).strict(),
    result: z.object({
      /** false: a self-update was already running (its result still comes). */
      started: z.boolean(),
    }),
    access: 'admin',
    mutates: true,
    timeoutMs: 60_000,
    attempts: 1,
    audit: 'update potion-runner itself: root builds the upstream commit, restarts, rolls back when unhealthy',
  }),
} as const;
