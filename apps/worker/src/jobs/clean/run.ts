import { diskFree, type DfRow } from '@potion/adapters';
import { CLEAN_KINDS, type CleanKind, type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { classifyFailure } from '../../runtime/retry-policy.js';
import type { Handler } from '../types.js';
import { CLEANERS, type PlanItem } from './cleaners.js';
import { presentCleanPlan, presentCleanRun } from './present.js';

type Disk = JobResult<'clean.plan'>['disk'];

/** The root filesystem as df sees it (df's own Use%: used / (used + avail), rounded up); undefined when df fails (logged). */
async function rootDisk(ctx: JobContext): Promise<Disk> {
  let row: DfRow | undefined;
  try {
    row = (await diskFree(ctx.runner, ['/'], { signal: ctx.signal }))[0];
  } catch (err) {
    ctx.log.warn({ module: 'worker:clean', err }, 'df of / failed');
  }
  if (!row) return undefined;
  const total = row.usedBytes + row.availBytes;
  return { usePercent: total > 0 ? Math.ceil((row.usedBytes / total) * 100) : 0, availBytes: row.availBytes };
}

/** Used bytes per filesystem (by mount point) holding `paths`. */
async function usedOn(ctx: JobContext, paths: readonly string[]): Promise<Map<string, number>> {
  const rows: DfRow[] = await diskFree(ctx.runner, paths, { signal: ctx.signal });
  return new Map(rows.map((r) => [r.target, r.usedBytes]));
}

/**
 * `clean:plan`: measures every whitelisted clean-up without changing anything (no root); one
 * that cannot be measured is one line with why, the others still show.
 */
export const cleanPlan: Handler<'clean.plan'> = {
  run: async (_d, ctx) => {
    const items: PlanItem[] = [];
    const unread: JobResult<'clean.plan'>['unread'] = [];
    const kinds: CleanKind[] = [];
    for (const kind of CLEAN_KINDS) if (!CLEANERS[kind].available || (await CLEANERS[kind].available(ctx))) kinds.push(kind);
    for (const [i, kind] of kinds.entries()) {
      await ctx.progress(Math.round((i / kinds.length) * 100), `mengukur ${kind}`);
      try {
        items.push({ kind, ...(await CLEANERS[kind].measure(ctx)) });
      } catch (err) {
        ctx.log.warn({ module: 'worker:clean', kind, err }, 'could not measure a clean-up');
        unread.push({ kind, error: classifyFailure(err).why });
      }
    }
    const disk = await rootDisk(ctx);
    return { items, unread, ...(disk ? { disk } : {}) };
  },
  present: presentCleanPlan,
};

/**
 * `clean:go:…` after YA: each asked clean-up in turn, with df of its filesystems before and
 * after, so the result says what was really freed (not the estimate); docker: at least the
 * engine's SpaceReclaimed. One that fails does not stop the others.
 */
export const cleanRun: Handler<'clean.run'> = {
  run: async (data, ctx) => {
    const items: JobResult<'clean.run'>['items'] = [];
    for (const [i, kind] of data.kinds.entries()) {
      await ctx.progress(Math.round((i / data.kinds.length) * 100), `membersihkan: ${kind}`);
      const c = CLEANERS[kind];
      try {
        const paths = await c.paths(ctx);
        const before = await usedOn(ctx, paths);
        let error: string | undefined;
        let reported = 0;
        try {
          reported = (await c.run(ctx)) ?? 0;
        } catch (err) {
          ctx.log.warn({ module: 'worker:clean', kind, err }, 'a clean-up failed');
          error = classifyFailure(err).why;
        }
        const after = await usedOn(ctx, paths);
        let freed = 0;
        for (const [target, used] of before) freed += Math.max(0, used - (after.get(target) ?? used));
        // The tool's own count when df saw less (another writer, or a filesystem df reads differently).
        freed = Math.max(freed, reported);
        items.push({ kind, ok: error === undefined, freedBytes: freed, ...(error !== undefined ? { error } : {}) });
      } catch (err) {
        ctx.log.warn({ module: 'worker:clean', kind, err }, 'could not read the disk around a clean-up');
        items.push({ kind, ok: false, freedBytes: 0, error: classifyFailure(err).why });
      }
    }
    const disk = await rootDisk(ctx);
    return { items, ...(disk ? { disk } : {}) };
  },
  present: presentCleanRun,
  howToCheck: () => 'Cek sisa disk di 📊 Status, lalu buka 🧹 Bersihkan lagi: yang sudah bersih ukurannya 0.',
};
