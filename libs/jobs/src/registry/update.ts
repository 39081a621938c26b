import { z } from 'zod';
import { defineJob } from './define.js';

/** One repository in a git result: where, whether it worked, its branch, the commits, why not. */
const repoFields = {
  dir: z.string(),
  ok: z.boolean(),
  branch: z.string().optional(),
  commits: z.array(z.object({ hash: z.string(), subject: z.string() })),
  error: z.string().optional(),
};

const once = <R extends z.ZodType>(result: R, audit: string, timeoutMs: number) =>
  defineJob({ queue: 'once', data: z.object({}).strict(), result, access: 'admin', mutates: true, timeoutMs, attempts: 1, audit });

/**
 * What an update would do, shown before its confirmation (issue 19 point 5): read-only, so no
 * confirmation of its own; its result carries the button that leads to the mutating job's.
 */
const preview = <R extends z.ZodType>(result: R, audit: string, timeoutMs: number) =>
  defineJob({ queue: 'read', data: z.object({}).strict(), result, access: 'admin', mutates: false, timeoutMs, attempts: 1, audit });

export const updateJobs = {
  'update.aptPreview': preview(
    z.object({
      /** At most PREVIEW_PACKAGES of them, security ones first; `total` counts all. */
      packages: z.array(z.object({ name: z.string(), from: z.string().optional(), to: z.string(), security: z.boolean() })),
      total: z.number(),
      security: z.number(),
    }),
    'apt-get -s dist-upgrade: the packages an upgrade would install (simulation)',
    3 * 60_000,
  ),
  'update.gitPreview': preview(
    z.object({
      repos: z.array(
        z.object({
          ...repoFields,
          /** The newest few incoming commits; `total` counts all of them. */
          total: z.number(),
        }),
      ),
    }),
    'git fetch, then the incoming commits (HEAD..@{u}) in the configured repositories',
    10 * 60_000,
  ),
  'update.apt': once(
    z.object({
      upgraded: z.array(z.object({ name: z.string(), from: z.string().optional(), to: z.string().optional() })),
      newlyInstalled: z.array(z.string()),
      keptBack: z.array(z.string()),
      deferred: z.array(z.string()),
      counts: z.object({ upgraded: z.number(), newlyInstalled: z.number(), removed: z.number(), notUpgraded: z.number() }),
      updateProblems: z.array(z.string()),
      rebootRequired: z.boolean(),
    }),
    'apt-get update and upgrade (never dist-upgrade)',
    60 * 60_000,
  ),
  'update.deps': once(
    z.object({
      projects: z.array(
        z.object({
          dir: z.string(),
          ok: z.boolean(),
          tool: z.string().optional(),
          lockFile: z.string().optional(),
          summary: z.string(),
          changed: z.array(z.string()),
        }),
      ),
    }),
    'sync dependencies from lock files in the configured folders',
    45 * 60_000,
  ),
  'update.git': once(
    z.object({
      repos: z.array(
        z.object({
          ...repoFields,
          files: z.array(z.string()),
        }),
      ),
    }),
    'git pull --ff-only in the configured repositories',
    20 * 60_000,
  ),
} as const;
