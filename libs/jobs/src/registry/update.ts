import { z } from 'zod';
import { defineJob } from './define.js';

const once = <R extends z.ZodType>(result: R, audit: string, timeoutMs: number) =>
  defineJob({ queue: 'once', data: z.object({}).strict(), result, access: 'admin', mutates: true, timeoutMs, attempts: 1, audit });

export const updateJobs = {
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
          dir: z.string(),
          ok: z.boolean(),
          branch: z.string().optional(),
          commits: z.array(z.object({ hash: z.string(), subject: z.string() })),
          files: z.array(z.string()),
          error: z.string().optional(),
        }),
      ),
    }),
    'git pull --ff-only in the configured repositories',
    20 * 60_000,
  ),
} as const;
