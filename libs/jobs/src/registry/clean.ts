import { z } from 'zod';
import { defineJob } from './define.js';

/**
 * The whitelisted disk clean-ups (issue 19 point 8, docs/decisions/047): nothing else can be
 * asked for. `docker` (the dangling images) is measured and offered only where the Docker
 * Engine socket is.
 */
export const CLEAN_KINDS = ['apt', 'journal', 'autoremove', 'docker'] as const;
export type CleanKind = (typeof CLEAN_KINDS)[number];
export const cleanKind = z.enum(CLEAN_KINDS);

export const cleanJobs = {
  'clean.plan': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      /** Each clean-up that could be measured, with what it would free (an estimate). */
      items: z.array(
        z.object({
          kind: cleanKind,
          bytes: z.number(),
          /** apt: the .deb files; autoremove: the packages; docker: the dangling images. */
          count: z.number(),
          /** autoremove: the biggest few packages by Installed-Size; docker: the biggest few dangling images (short id). */
          packages: z.array(z.object({ name: z.string(), bytes: z.number() })).optional(),
        }),
      ),
      /** Clean-ups that could not be measured, and why (English, for the log and a short line). */
      unread: z.array(z.object({ kind: cleanKind, error: z.string() })),
      /** The root filesystem now. */
      disk: z.object({ usePercent: z.number(), availBytes: z.number() }).optional(),
    }),
    access: 'admin',
    mutates: false,
    timeoutMs: 3 * 60_000,
    attempts: 1,
    audit: 'measure what each disk clean-up would free (apt cache, journal, autoremove, dangling Docker images)',
  }),
  'clean.run': defineJob({
    queue: 'once',
    data: z.object({ kinds: z.array(cleanKind).min(1).max(CLEAN_KINDS.length).refine((k) => new Set(k).size === k.length, 'each clean-up once') }).strict(),
    result: z.object({
      /**
       * Per clean-up, in the order run: what df says it freed on the filesystems it touches
       * (docker: at least what the engine says it reclaimed, as df may read another filesystem).
       */
      items: z.array(z.object({ kind: cleanKind, ok: z.boolean(), freedBytes: z.number(), error: z.string().optional() })),
      disk: z.object({ usePercent: z.number(), availBytes: z.number() }).optional(),
    }),
    access: 'admin',
    mutates: true,
    timeoutMs: 40 * 60_000,
    attempts: 1,
    audit: 'disk clean-ups: apt-get clean, journalctl --vacuum-size, apt-get autoremove, Docker prune of dangling images',
  }),
} as const;
