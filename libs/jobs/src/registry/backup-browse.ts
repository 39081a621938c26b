import { z } from 'zod';
import { restorePath, snapshotName } from './backup.js';
import { defineJob } from './define.js';

/** Entries shown per page when browsing a snapshot (buttons stay within Telegram's limits). */
export const BROWSE_PAGE_SIZE = 8;
/** Files at most this big can be sent to the chat (Telegram bots may send up to 50 MB). */
export const SEND_FILE_MAX_BYTES = 10 * 1024 * 1024;

const browseEntry = z.object({
  name: z.string(),
  /** Absolute path on the live side. */
  path: z.string(),
  kind: z.enum(['dir', 'file', 'link', 'other']),
  /** A file's size, or a folder's total. */
  bytes: z.number().nonnegative(),
  /** mtime in Unix ms. */
  mtime: z.number(),
});
export type BrowseEntry = z.infer<typeof browseEntry>;

export const backupBrowseJobs = {
  /** What a restore of a snapshot (or one path of it) would write and which services it stops. */
  'backup.restorePlan': defineJob({
    queue: 'read',
    data: z.object({ snapshot: snapshotName, path: restorePath.optional() }).strict(),
    result: z.object({
      snapshot: z.string(),
      path: z.string().nullable(),
      targets: z.array(z.string()),
      skipped: z.array(z.string()),
      services: z.array(z.string()),
      /** The plan kept in Redis (keys.restorePlan) for the bot's "continue" button. */
      token: z.string(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 60_000,
    attempts: 1,
    audit: 'plan a restore from a backup snapshot',
  }),
  /** One page of a snapshot's folder (from its manifest), or one file's details. */
  'backup.browse': defineJob({
    queue: 'read',
    data: z.object({ snapshot: snapshotName, path: restorePath.optional(), page: z.number().int().nonnegative().max(100_000).default(0) }).strict(),
    result: z.object({
      snapshot: z.string(),
      /** null: the top (the snapshot's sources). */
      path: z.string().nullable(),
      kind: z.enum(['root', 'dir', 'file']),
      entries: z.array(browseEntry).max(BROWSE_PAGE_SIZE),
      page: z.number().int().nonnegative(),
      pages: z.number().int().positive(),
      total: z.number().int().nonnegative(),
      /** The file itself when kind is "file". */
      file: browseEntry.optional(),
      hasParent: z.boolean(),
      /** The page's paths kept in Redis (keys.backupBrowse) so buttons carry only an index. */
      token: z.string(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 120_000,
    attempts: 1,
    audit: 'browse a backup snapshot',
  }),
  /** A small file of a snapshot sent to the chat as a document. */
  'backup.sendFile': defineJob({
    queue: 'read',
    data: z.object({ snapshot: snapshotName, path: restorePath }).strict(),
    result: z.object({ snapshot: z.string(), path: z.string(), bytes: z.number().nonnegative(), export: z.string(), filename: z.string() }),
    access: 'admin',
    mutates: false,
    timeoutMs: 120_000,
    attempts: 1,
    audit: 'send a file from a backup snapshot',
  }),
} as const;

/** How long a plan or a browsed page stays usable from its buttons. */
export const BROWSE_TTL_SEC = 3600;

/** keys.restorePlan(token): written by the worker, read by the bot's "continue" button. */
export const restorePlanRecord = z.object({
  snapshot: snapshotName,
  path: restorePath.nullable(),
  services: z.array(z.string()).max(50),
  /** Who asked for the plan: only they may continue it. */
  userId: z.number().int(),
});
export type RestorePlanRecord = z.infer<typeof restorePlanRecord>;

/** keys.backupBrowse(token): one browsed page, for its buttons (open entry i, page, up, restore, send). */
export const browseRecord = z.object({
  snapshot: snapshotName,
  /** The folder or file shown; null: the top. */
  path: restorePath.nullable(),
  kind: z.enum(['root', 'dir', 'file']),
  /** Where ⬆️ goes: a folder, null for the top, undefined at the top itself. */
  parent: restorePath.nullable().optional(),
  page: z.number().int().nonnegative(),
  /** The page's entries' paths, in button order. */
  entries: z.array(restorePath).max(BROWSE_PAGE_SIZE),
  /** A file small enough to send to the chat. */
  sendable: z.boolean(),
  userId: z.number().int(),
});
export type BrowseRecord = z.infer<typeof browseRecord>;
