import { existsSync, realpathSync } from 'node:fs';
import { controlUnit, showUnits } from '@potion/adapters';
import { restoreSnapshot } from '../../backup/restore.js';
import { planRestore } from '../../backup/restore-guard.js';
import { resolveSources } from '../../backup/sources.js';
import type { JobContext } from '../../runtime/context.js';
import { findSnapshot, snapshotNow } from './common.js';
import { restoreInterrupted } from './interrupted.js';
import { presentRestore } from './present.js';
import type { Handler } from '../types.js';

/** Stops the whitelisted units that are running; returns them so they can be started again. */
async function stopServices(ctx: JobContext, units: readonly string[]): Promise<string[]> {
  const allowed = units.filter((u) => ctx.config.servicesWhitelist.includes(u));
  const states = await showUnits(ctx.runner, allowed, { signal: ctx.signal });
  const stopped: string[] = [];
  for (const s of states) {
    if (s.active !== 'active' && s.active !== 'activating') continue;
    await controlUnit(ctx.runner, 'stop', s.unit, { signal: ctx.signal });
    stopped.push(s.unit);
  }
  return stopped;
}

export const backupRestore: Handler<'backup.restore'> = {
  run: async (data, ctx) => {
    const started = ctx.now();
    const snap = await findSnapshot(ctx.config.backupDir, data.snapshot);
    // Where it may write comes from the configuration, never from the snapshot: refused here,
    // before the safety snapshot and before any service is stopped.
    const allowed = await resolveSources(ctx.config.backup, ctx.config.backupDir, ctx.config.hddMount);
    const skip = [ctx.config.logDir, ...(existsSync(ctx.config.logDir) ? [realpathSync(ctx.config.logDir)] : [])];
    planRestore({ snapshot: snap, allowed, skip, ...(data.path ? { path: data.path } : {}) });
    await ctx.progress(2, 'menyimpan kondisi sekarang dulu (snapshot pengaman)');
    const safety = await snapshotNow(ctx, 'safety', started);
    // The safety snapshot may have pruned nothing (prune runs only after backup.run); the chosen snapshot still exists.
    const stopList = data.stopServices ? ctx.config.backup.stopServices : [];
    const stopped = await stopServices(ctx, stopList);
    const services: { unit: string; stopped: boolean; started: boolean }[] = stopList.map((u) => ({ unit: u, stopped: stopped.includes(u), started: !stopped.includes(u) }));
    try {
      const r = await restoreSnapshot({
        snapshot: snap,
        ...(data.path ? { path: data.path } : {}),
        runner: ctx.runner,
        allowed,
        skip,
        signal: ctx.signal,
        onProgress: (p, l) => ctx.progress(p, l),
      });
      const dbs = r.databases.filter((d) => d.restored || !data.path);
      return {
        snapshot: snap.name,
        path: data.path ?? null,
        safetySnapshot: safety.name,
        createdFiles: r.createdFiles,
        deletedFiles: r.deletedFiles,
        updatedFiles: r.updatedFiles,
        bytesCopied: r.bytesCopied,
        services,
        skipped: r.skipped,
        // A one-path restore names only the databases it put back; a whole restore names every dump.
        ...(dbs.length ? { databases: dbs.map((d) => ({ kind: d.kind, source: d.source, dump: d.dump, restored: d.restored })) } : {}),
        durationMs: ctx.now() - started,
      };
    } finally {
      // Start again whatever was stopped, even when the copy failed: a half-restored app is
      // still better reported by its own service than silently left off.
      for (const s of services.filter((x) => x.stopped)) {
        try {
          await controlUnit(ctx.runner, 'start', s.unit);
          s.started = true;
        } catch (err) {
          ctx.log.error({ err, unit: s.unit }, 'could not start a service again after the restore');
          s.started = false;
        }
      }
    }
  },
  present: presentRestore,
  interrupted: restoreInterrupted,
};
