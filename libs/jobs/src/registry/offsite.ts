import { z } from 'zod';
import { defineJob } from './define.js';

/** What `rclone check` (or `cryptcheck`) said after the upload. */
export const offsiteCheck = z.object({
  matched: z.boolean(),
  differences: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  matching: z.number().int().nonnegative(),
  /** The remote keeps no checksum rclone can compare: only sizes were compared. */
  sizeOnly: z.boolean(),
  /** The first differing files as rclone names them. */
  samples: z.array(z.string()).max(10),
});

export const offsiteRunResult = z.object({
  /** Where the copy went: OFFSITE_REMOTE + "/latest". */
  target: z.string(),
  snapshot: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  /** The remote is an rclone crypt remote (encrypted before it leaves the laptop). */
  crypt: z.boolean(),
  /** Bytes and files rclone sent this run (unchanged files are not sent again). */
  sentBytes: z.number().nonnegative(),
  sentFiles: z.number().int().nonnegative(),
  totalBytes: z.number().nonnegative(),
  files: z.number().int().nonnegative(),
  /** The snapshot had not been verified and was quick-verified by this job first. */
  verifiedNow: z.boolean(),
  /** Newer snapshots left out because their verification failed. */
  skipped: z.array(z.string()),
  check: offsiteCheck,
  durationMs: z.number().nonnegative(),
});

/** The last off-site run, for 📊 Status and the daily digest (keys.offsiteLast). */
export const offsiteLast = z.object({
  at: z.number(),
  ok: z.boolean(),
  snapshot: z.string().optional(),
  /** rclone check matched every file. */
  matched: z.boolean().optional(),
  /** Short Indonesian reason of a failure. */
  error: z.string().optional(),
});
export type OffsiteLast = z.infer<typeof offsiteLast>;

/** Base of the exponential backoff between attempts (10 min, then 20 min). */
export const OFFSITE_BACKOFF_MS = 10 * 60_000;

export const offsiteJobs = {
  'offsite.run': defineJob({
    // Idempotent (rclone sync sends only what differs), so a crashed run is simply run again;
    // the worker keeps two from running at once (keys.offsiteRunning).
    queue: 'read',
    data: z.object({ trigger: z.enum(['manual', 'scheduled']).default('manual') }).strict(),
    result: offsiteRunResult,
    access: 'admin',
    mutates: false,
    timeoutMs: 12 * 3600_000,
    attempts: 3,
    backoffMs: OFFSITE_BACKOFF_MS,
    audit: 'send the newest verified snapshot off-site with rclone',
  }),
} as const;
