import { existsSync, realpathSync } from 'node:fs';
import { type JobData } from '@potion/jobs';
import { restoreSnapshot } from '../../backup/restore.js';
import { planRestore, type RestorePlan } from '../../backup/restore-guard.js';
import { servicesForRestore, startAfterRestore, stopForRestore, type ServiceOutcome } from '../../backup/restore-services.js';
import { resolveSources, type ResolvedSources } from '../../backup/sources.js';
import type { SnapshotDir } from '../../backup/layout.js';
import type { JobContext } from '../../runtime/context.js';
import { UserFacingError } from '../../runtime/errors.js';
import { findSnapshot, snapshotNow } from './common.js';
import { restoreInterrupted } from './interrupted.js';
import { presentRestore } from './present.js';
import type { Handler } from '../types.js';

export interface CheckedRestore {
  snap: SnapshotDir;
  allowed: ResolvedSources;
  skip: string[];
  plan: RestorePlan;
}

/**
 * The checks every restore (and its plan) starts with. Where it may write comes from the
 * configuration, never from the snapshot: refused here, before the safety snapshot and before
 * any service is stopped.
 */
export async function checkRestore(ctx: JobContext, snapshot: string, path: string | undefined): Promise<CheckedRestore> {
  const snap = await findSnapshot(ctx.config.backupDir, snapshot);
  const allowed = await resolveSources(ctx.config.backup, ctx.config.backupDir, ctx.config.hddMount);
  const skip = [ctx.config.logDir, ...(existsSync(ctx.config.logDir) ? [realpathSync(ctx.config.logDir)] : [])];
  const plan = planRestore({ snapshot: snap, allowed, skip, ...(path ? { path } : {}) });
  return { snap, allowed, skip, plan };
}

/** The services a restore of these targets stops (docs/decisions/036-restore-stops-services.md). */
export function findServices(ctx: JobContext, targets: readonly string[]): Promise<string[]> {
  const b = ctx.config.backup;
  return servicesForRestore({ runner: ctx.runner, whitelist: ctx.config.servicesWhitelist, always: b.stopServices, ...(b.servicePaths ? { servicePaths: b.servicePaths } : {}), targets, signal: ctx.signal });
}

/** The units to stop: the confirmed list (each still whitelisted), else found now. */
async function unitsToStop(ctx: JobContext, data: JobData<'backup.restore'>, targets: readonly string[]): Promise<string[]> {
  if (!data.stopServices) return [];
  if (data.services === undefined) return findServices(ctx, targets);
  const unlisted = data.services.filter((u) => !ctx.config.servicesWhitelist.includes(u));
  if (unlisted.length) throw new UserFacingError(`${unlisted.join(', ')} tidak ada di SERVICES_WHITELIST, jadi restore ini aku tolak (aku cuma boleh menghentikan service yang di-whitelist).`);
  return [...data.services];
}

export const backupRestore: Handler<'backup.restore'> = {
  run: async (data, ctx) => {
    const started = ctx.now();
    const { snap, allowed, skip, plan } = await checkRestore(ctx, data.snapshot, data.path);
    const units = await unitsToStop(ctx, data, plan.targets);
    await ctx.progress(2, 'menyimpan kondisi sekarang dulu (snapshot pengaman)');
    const safety = await snapshotNow(ctx, 'safety', started);
    // The safety snapshot may have pruned nothing (prune runs only after backup.run); the chosen snapshot still exists.
    if (units.length) await ctx.progress(50, `menghentikan ${units.join(', ')} dulu`);
    // Before any file is written; a stop that fails starts the others again and calls the restore off.
    const stopped = await stopForRestore(ctx.runner, units, ctx.signal);
    // Stopped on purpose: no "service berhenti" alert while the files are copied. Not awaited:
    // while Redis is away the restore goes on (services must not wait stopped for Redis).
    const quiet = (op: 'sadd' | 'srem') =>
      void (stopped.length && ctx.redis[op](ctx.keys.servicesStopped, ...stopped).catch((err: unknown) => ctx.log.warn({ err }, 'could not mark the services stopped for the restore')));
    quiet('sadd');
    const services = new Map<string, ServiceOutcome>(units.filter((u) => !stopped.includes(u)).map((unit) => [unit, { unit, stopped: false, started: false, state: 'inactive' }]));
    let r: Awaited<ReturnType<typeof restoreSnapshot>>;
    try {
      r = await restoreSnapshot({ snapshot: snap, ...(data.path ? { path: data.path } : {}), runner: ctx.runner, allowed, skip, signal: ctx.signal, onProgress: (p, l) => ctx.progress(p, l) });
    } finally {
      // Start again whatever was stopped, even when the copy failed: a half-restored app is
      // still better reported by its own service than silently left off.
      for (const s of await startAfterRestore(ctx.runner, stopped)) {
        if (!s.started) ctx.log.error({ unit: s.unit, state: s.state }, 'a service is not running again after the restore');
        services.set(s.unit, s);
      }
      quiet('srem');
      void ctx.redis.set(ctx.keys.servicesChangedAt, String(ctx.now())).catch((err: unknown) => ctx.log.warn({ err }, 'could not mark the services as changed'));
    }
    const dbs = r.databases.filter((d) => d.restored || !data.path);
    return {
      snapshot: snap.name,
      path: data.path ?? null,
      safetySnapshot: safety.name,
      createdFiles: r.createdFiles,
      deletedFiles: r.deletedFiles,
      updatedFiles: r.updatedFiles,
      bytesCopied: r.bytesCopied,
      services: units.map((u) => services.get(u) ?? { unit: u, stopped: false, started: false, state: 'unknown' }),
      skipped: r.skipped,
      // A one-path restore names only the databases it put back; a whole restore names every dump.
      ...(dbs.length ? { databases: dbs.map((d) => ({ kind: d.kind, source: d.source, dump: d.dump, restored: d.restored })) } : {}),
      durationMs: ctx.now() - started,
    };
  },
  present: presentRestore,
  interrupted: restoreInterrupted,
};
