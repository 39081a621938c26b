import { existsSync } from 'node:fs';
import { aptUpdate, aptUpgrade, CommandError, gitPullFastForward, planDepsSync, runDepsSync } from '@potion/adapters';
import type { JobContext } from '../../runtime/context.js';
import { countSecurityUpdates } from '../../host/updates.js';
import { userErrorText } from '../../runtime/outcome.js';
import { UserFacingError } from '../../runtime/errors.js';
import type { Handler } from '../types.js';
import { aptHowToCheck, depsHowToCheck, gitErrorText, gitHowToCheck, presentApt, presentDeps, presentGit } from './present.js';

function aptLocked(err: unknown): boolean {
  return err instanceof CommandError && /Could not get lock|Unable to acquire the dpkg frontend lock/i.test(err.stderrTail);
}

export const updateApt: Handler<'update.apt'> = {
  run: async (_d, ctx) => {
    await ctx.progress(5, 'apt-get update');
    try {
      const upd = await aptUpdate(ctx.runner, { signal: ctx.signal });
      await ctx.progress(35, 'apt-get upgrade');
      const up = await aptUpgrade(ctx.runner, { signal: ctx.signal });
      // The count in 📊 Status and the digest follows the upgrade now, not at the next hourly
      // count. Best effort and not awaited: the upgrade's result must neither wait for a Redis
      // that is away nor fail because a count could not be stored (the hourly count catches up).
      void countSecurityUpdates(ctx).catch((err: unknown) => ctx.log.warn({ err }, 'could not count the security updates after the upgrade'));
      await ctx.progress(100, 'selesai');
      return { ...up, updateProblems: upd.problems, rebootRequired: existsSync(ctx.config.rebootRequiredFile) };
    } catch (err) {
      if (aptLocked(err)) throw new UserFacingError('apt sedang dipakai proses lain (biasanya update otomatis Ubuntu). Tunggu 10-15 menit lalu coba lagi ya');
      throw err;
    }
  },
  present: presentApt,
  howToCheck: aptHowToCheck,
};

async function forEachDir<T>(ctx: JobContext, dirs: readonly string[], label: string, fn: (dir: string) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const [i, dir] of dirs.entries()) {
    await ctx.progress(Math.round((i / dirs.length) * 100), `${label} ${i + 1}/${dirs.length}`);
    out.push(await fn(dir));
  }
  return out;
}

export const updateGit: Handler<'update.git'> = {
  run: async (_d, ctx) => {
    const repos = await forEachDir(ctx, ctx.config.updateRepos, 'git pull', async (dir) => {
      if (!existsSync(dir)) return { dir, ok: false, commits: [], files: [], error: 'folder tidak ada' };
      try {
        const r = await gitPullFastForward(ctx.runner, dir, { signal: ctx.signal });
        return { dir, ok: true, branch: r.branch, commits: r.commits, files: r.files };
      } catch (err) {
        ctx.log.warn({ module: 'worker:update', dir, err }, 'git pull failed');
        return { dir, ok: false, commits: [], files: [], error: gitErrorText(err) };
      }
    });
    return { repos };
  },
  present: presentGit,
  howToCheck: gitHowToCheck,
};

export const updateDeps: Handler<'update.deps'> = {
  run: async (_d, ctx) => {
    const projects = (
      await forEachDir(ctx, ctx.config.updateDepsDirs, 'sync', async (dir) => {
        if (!existsSync(dir)) return [{ dir, ok: false, summary: 'folder tidak ada', changed: [] }];
        const plans = planDepsSync(dir);
        if (plans.length === 0) return [{ dir, ok: false, summary: 'tidak ada lock file (package-lock.json, uv.lock, atau requirements.txt + .venv)', changed: [] }];
        const results = [];
        for (const plan of plans) {
          try {
            const r = await runDepsSync(ctx.runner, plan, { signal: ctx.signal });
            results.push({ dir, ok: true, tool: r.tool, lockFile: r.lockFile, summary: r.summary, changed: r.changed.slice(0, 50) });
          } catch (err) {
            ctx.log.warn({ module: 'worker:update', dir, tool: plan.tool, err }, 'dependency sync failed');
            results.push({ dir, ok: false, tool: plan.tool, lockFile: plan.lockFile, summary: userErrorText(err), changed: [] });
          }
        }
        return results;
      })
    ).flat();
    return { projects };
  },
  present: presentDeps,
  howToCheck: depsHowToCheck,
};
