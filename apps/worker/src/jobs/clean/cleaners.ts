import { aptArchivesDir, aptAutoremove, aptCacheBytes, aptClean, autoremovePlan, journalDiskUsage, journalVacuum, JOURNAL_KEEP_BYTES } from '@potion/adapters';
import type { CleanKind, JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';

export type PlanItem = JobResult<'clean.plan'>['items'][number];

/** How many of the packages autoremove would remove the plan names (the biggest ones). */
export const PLAN_PACKAGES = 8;

/**
 * One whitelisted clean-up: how to measure what it would free (read-only, no root), how to run
 * it (the exact sudo line of libs/adapters/src/clean.ts), and where it frees space (the paths
 * whose filesystems df reads before and after).
 */
export interface Cleaner {
  measure: (ctx: JobContext) => Promise<Omit<PlanItem, 'kind'>>;
  run: (ctx: JobContext) => Promise<void>;
  paths: (ctx: JobContext) => Promise<string[]>;
}

/**
 * Every clean-up there is. Hook for Docker (issue 19 point 4 adds the Engine adapter in another
 * branch): a `docker` kind in CLEAN_KINDS (libs/jobs/src/registry/clean.ts) and an entry here
 * that measures the dangling images (GET /system/df) and prunes them (POST /images/prune with
 * dangling=true), present only when the adapter finds the daemon's socket.
 */
export const CLEANERS: Readonly<Record<CleanKind, Cleaner>> = {
  apt: {
    measure: async (ctx) => {
      const dir = await aptArchivesDir(ctx.runner, { signal: ctx.signal });
      const r = await aptCacheBytes(ctx.runner, dir, { signal: ctx.signal });
      return { bytes: r.bytes, count: r.files };
    },
    run: (ctx) => aptClean(ctx.runner, { signal: ctx.signal }),
    paths: async (ctx) => [await aptArchivesDir(ctx.runner, { signal: ctx.signal })],
  },
  journal: {
    // --vacuum-size removes archived files only, oldest first, down to JOURNAL_KEEP: at most this much.
    measure: async (ctx) => ({ bytes: Math.max(0, (await journalDiskUsage(ctx.runner, { signal: ctx.signal })) - JOURNAL_KEEP_BYTES), count: 0 }),
    run: async (ctx) => {
      await journalVacuum(ctx.runner, { signal: ctx.signal });
    },
    paths: async () => ['/var/log'],
  },
  autoremove: {
    measure: async (ctx) => {
      const r = await autoremovePlan(ctx.runner, { signal: ctx.signal });
      return { bytes: r.bytes, count: r.packages.length, packages: r.packages.slice(0, PLAN_PACKAGES) };
    },
    run: (ctx) => aptAutoremove(ctx.runner, { signal: ctx.signal }),
    // Old kernels live in /boot (often its own partition) and /usr.
    paths: async () => ['/', '/boot'],
  },
};
