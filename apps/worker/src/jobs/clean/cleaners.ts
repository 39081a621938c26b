import { danglingImages, dockerRootDir, dockerSocketPresent, pruneDanglingImages, type DockerEngineOptions } from '@potion/adapters';
import { aptArchivesDir, aptAutoremove, aptCacheBytes, aptClean, autoremovePlan, journalDiskUsage, journalVacuum, JOURNAL_KEEP_BYTES } from '@potion/adapters';
import type { CleanKind, JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';

export type PlanItem = JobResult<'clean.plan'>['items'][number];

/** How many of the packages autoremove would remove (or dangling images) the plan names (the biggest ones). */
export const PLAN_PACKAGES = 8;

const engine = (ctx: JobContext): DockerEngineOptions => ({ socketPath: ctx.config.dockerSocket, ...(ctx.signal ? { signal: ctx.signal } : {}) });

/**
 * One whitelisted clean-up: how to measure what it would free (read-only, no root), how to run
 * it (the exact sudo line of libs/adapters/src/clean.ts), and where it frees space (the paths
 * whose filesystems df reads before and after).
 */
export interface Cleaner {
  measure: (ctx: JobContext) => Promise<Omit<PlanItem, 'kind'>>;
  /** What the tool itself says it freed, when it says (docker's SpaceReclaimed). */
  run: (ctx: JobContext) => Promise<number | void>;
  paths: (ctx: JobContext) => Promise<string[]>;
  /** Offered only when this says yes (docker: the Engine socket is there); always when absent. */
  available?: (ctx: JobContext) => Promise<boolean>;
}

/**
 * Every clean-up there is. `docker` goes through the Engine API socket (no sudo: the worker's
 * user is in the `docker` group where Docker is used, docs/decisions/044), only where the
 * socket is.
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
  docker: {
    available: (ctx) => dockerSocketPresent(ctx.config.dockerSocket),
    measure: async (ctx) => {
      const images = await danglingImages(engine(ctx));
      return {
        bytes: images.reduce((n, i) => n + i.bytes, 0),
        count: images.length,
        packages: images.slice(0, PLAN_PACKAGES).map((i) => ({ name: i.id, bytes: i.bytes })),
      };
    },
    run: async (ctx) => (await pruneDanglingImages(engine(ctx))).reclaimedBytes,
    paths: async (ctx) => [await dockerRootDir(engine(ctx))],
  },
};
