import { randomBytes } from 'node:crypto';
import { BROWSE_TTL_SEC, type RestorePlanRecord } from '@potion/jobs';
import { runningUnits } from '../../backup/restore-services.js';
import type { JobContext } from '../../runtime/context.js';
import { checkRestore, findServices } from './restore.js';
import { presentRestorePlan } from './present-browse.js';
import type { Handler } from '../types.js';

/** A short random token for Redis records that buttons point at (callback data holds no path). */
export const newToken = (): string => randomBytes(6).toString('base64url');

/** The Telegram user a job runs for (plans and pages are theirs only), or 0 for others. */
export const askedBy = (ctx: JobContext): number => (ctx.meta.by.kind === 'telegram' ? ctx.meta.by.userId : 0);

/**
 * What a restore would do, before it is confirmed: the same checks as the restore, and the
 * services it would stop. Kept in Redis under a token: the bot's "continue" button turns it
 * into the confirmation of backup.restore with exactly these services.
 */
export const backupRestorePlan: Handler<'backup.restorePlan'> = {
  run: async (data, ctx) => {
    const { snap, plan } = await checkRestore(ctx, data.snapshot, data.path);
    // Only the ones running now: the restore stops nothing else (and says so per unit).
    const services = await runningUnits(ctx.runner, await findServices(ctx, plan.targets), ctx.signal);
    const token = newToken();
    const record: RestorePlanRecord = { snapshot: snap.name, path: data.path ?? null, services, userId: askedBy(ctx) };
    await ctx.redis.set(ctx.keys.restorePlan(token), JSON.stringify(record), 'EX', BROWSE_TTL_SEC);
    return { snapshot: snap.name, path: data.path ?? null, targets: plan.targets, skipped: plan.skipped, services, token };
  },
  present: presentRestorePlan,
};
