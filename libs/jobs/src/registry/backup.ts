import { z } from 'zod';
import { unitName } from '../schemas.js';
import { defineJob } from './define.js';

/** A snapshot folder name: YYYY-MM-DD, with a time suffix for a second one on the same day. */
export const snapshotName = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(_\d{6})?(-\d{1,3})?$/, 'not a snapshot name (expected e.g. "2026-11-25" or "2026-11-25_143000")');

/** An absolute path inside one of the backed-up sources (a file or folder to restore). */
export const restorePath = z
  .string()
  .min(2)
  .max(4000)
  .refine((p) => p.startsWith('/'), 'must be an absolute path such as /opt/potion-runner/app/config.json')
  .refine((p) => !p.split('/').some((seg) => seg === '..' || seg === '.'), 'must not contain "." or ".." segments')
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte');

export const backupTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM such as 02:30');

const fileList = z.array(z.string()).max(200);

export const backupRunResult = z.object({
  /** False when another backup was already running or just finished for this request. */
  ran: z.boolean(),
  snapshot: z.string(),
  trigger: z.enum(['manual', 'scheduled', 'catch-up', 'safety']),
  status: z.enum(['ok', 'partial']),
  previous: z.string().nullable(),
  files: z.number().int().nonnegative(),
  totalBytes: z.number().nonnegative(),
  newFiles: z.number().int().nonnegative(),
  changedFiles: z.number().int().nonnegative(),
  deletedFiles: z.number().int().nonnegative(),
  /** Bytes of files not hard-linked to the previous snapshot (what this run wrote). */
  bytesWritten: z.number().nonnegative(),
  hashedBytes: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  hddFreeBytes: z.number().nonnegative(),
  hddSizeBytes: z.number().nonnegative(),
  /** Files rsync could not copy (exit 23) or that vanished while it ran (exit 24). */
  warnings: z.object({ vanished: fileList, failed: fileList }),
  pruned: z.array(z.string()),
  resumed: z.boolean(),
  /** Databases (BACKUP_SQLITE) dumped into the snapshot's dumps/ folder and checked. */
  dumps: z.array(z.object({ kind: z.enum(['sqlite', 'pg']).default('sqlite'), source: z.string(), file: z.string(), bytes: z.number().nonnegative() })).optional(),
  /** A random sample of the new snapshot restored into a scratch folder and compared with the manifest. */
  restoreTest: z
    .object({ ok: z.boolean(), sampled: z.number().int().nonnegative(), failed: z.array(z.string()), error: z.string().optional(), durationMs: z.number().nonnegative() })
    .optional(),
});

export const snapshotInfo = z.object({
  name: z.string(),
  finishedAt: z.number(),
  status: z.enum(['ok', 'partial']),
  trigger: z.string(),
  files: z.number().int().nonnegative(),
  totalBytes: z.number().nonnegative(),
  bytesWritten: z.number().nonnegative(),
  /** The last verification: undefined = never verified. */
  verified: z.object({ at: z.number(), mode: z.enum(['quick', 'full']), ok: z.boolean() }).optional(),
});
export type SnapshotInfo = z.infer<typeof snapshotInfo>;

export const backupProgress = z.object({
  requestId: z.string(),
  startedAt: z.number(),
  percent: z.number(),
  label: z.string(),
  trigger: z.string(),
});
export type BackupProgress = z.infer<typeof backupProgress>;

export const backupJobs = {
  'backup.run': defineJob({
    queue: 'backup',
    data: z.object({ trigger: z.enum(['manual', 'scheduled', 'catch-up']).default('manual') }).strict(),
    result: backupRunResult,
    access: 'admin',
    mutates: false,
    timeoutMs: 6 * 3600_000,
    attempts: 1,
    audit: 'back up to the HDD',
  }),
  'backup.list': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      snapshots: z.array(snapshotInfo),
      hdd: z.object({ mount: z.string(), mounted: z.boolean(), freeBytes: z.number(), sizeBytes: z.number() }),
      running: backupProgress.nullable(),
      nextRunAt: z.number().nullable(),
      time: z.string(),
      timezone: z.string(),
    }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 60_000,
    attempts: 2,
    audit: 'list backup snapshots',
  }),
  'backup.verify': defineJob({
    queue: 'read',
    data: z.object({ snapshot: snapshotName.optional(), mode: z.enum(['quick', 'full']).default('quick') }).strict(),
    result: z.object({
      snapshot: z.string(),
      mode: z.enum(['quick', 'full']),
      ok: z.boolean(),
      checkedFiles: z.number().int().nonnegative(),
      hashedFiles: z.number().int().nonnegative(),
      hashedBytes: z.number().nonnegative(),
      missing: fileList,
      changed: fileList,
      extra: fileList,
      /** Counts when the lists above were cut at 200 names. */
      counts: z.object({ missing: z.number(), changed: z.number(), extra: z.number() }),
      durationMs: z.number().nonnegative(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 6 * 3600_000,
    attempts: 1,
    audit: 'verify a backup snapshot',
  }),
  'backup.restore': defineJob({
    queue: 'once',
    data: z
      .object({
        snapshot: snapshotName,
        /** Only this file or folder (its original absolute path); default: everything. */
        path: restorePath.optional(),
        /** Stop the services whose files the restore writes. Default true. */
        stopServices: z.boolean().default(true),
        /**
         * The services the confirmation listed (backup.restorePlan): exactly these are stopped
         * (each must be whitelisted). Absent: found again when the restore starts.
         */
        services: z.array(unitName).max(50).optional(),
      })
      .strict(),
    result: z.object({
      snapshot: z.string(),
      path: z.string().nullable(),
      safetySnapshot: z.string(),
      createdFiles: z.number().int().nonnegative(),
      deletedFiles: z.number().int().nonnegative(),
      updatedFiles: z.number().int().nonnegative(),
      bytesCopied: z.number().nonnegative(),
      /** `state`: ActiveState after the restore (active, failed, ...). */
      services: z.array(z.object({ unit: z.string(), stopped: z.boolean(), started: z.boolean(), state: z.string().optional() })),
      /** Sources a whole restore leaves alone (system copies under /etc, the live LOG_DIR). */
      skipped: z.array(z.string()),
      /** Databases of the snapshot's dumps/: put back in place from the dump, or left in the snapshot (outside what was restored). */
      databases: z.array(z.object({ kind: z.enum(['sqlite', 'pg']).default('sqlite'), source: z.string(), dump: z.string(), restored: z.boolean() })).optional(),
      durationMs: z.number().nonnegative(),
    }),
    access: 'admin',
    mutates: true,
    timeoutMs: 6 * 3600_000,
    attempts: 1,
    audit: 'restore files from a backup snapshot',
  }),
  'backup.prune': defineJob({
    queue: 'backup',
    data: z.object({}).strict(),
    result: z.object({ kept: z.array(z.string()), removed: z.array(z.string()) }),
    access: 'admin',
    mutates: false,
    // Deletes snapshots: asked from Telegram it is confirmed first; the daily schedule runs it without.
    confirm: true,
    timeoutMs: 3600_000,
    attempts: 1,
    audit: 'prune old backup snapshots',
  }),
  'backup.schedule': defineJob({
    queue: 'read',
    data: z.object({ time: backupTime }).strict(),
    result: z.object({ time: z.string(), timezone: z.string(), nextRunAt: z.number() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 30_000,
    attempts: 2,
    changes: true,
    audit: 'change the daily backup time',
  }),
} as const;
