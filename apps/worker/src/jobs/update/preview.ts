import { existsSync } from 'node:fs';
import { aptSimulateUpgrade, gitIncoming } from '@potion/adapters';
import type { Handler } from '../types.js';
import { gitErrorText } from './present.js';
import { presentAptPreview, presentGitPreview, PREVIEW_COMMITS, PREVIEW_PACKAGES } from './present-preview.js';

/**
 * 🔄 Update → apt: what `apt-get upgrade` would install, from `apt-get -s dist-upgrade` on the
 * package lists already on disk (no root, no lock, nothing changes). Security fixes first so
 * the cap never hides one.
 */
export const updateAptPreview: Handler<'update.aptPreview'> = {
  run: async (_d, ctx) => {
    await ctx.progress(10, 'apt-get -s dist-upgrade');
    const sim = await aptSimulateUpgrade(ctx.runner, { signal: ctx.signal });
    const ordered = [...sim.security, ...sim.installs.filter((p) => !p.security)];
    const packages = ordered.slice(0, PREVIEW_PACKAGES).map((p) => ({ name: p.name, to: p.to, security: p.security, ...(p.from !== undefined ? { from: p.from } : {}) }));
    return { packages, total: sim.installs.length, security: sim.security.length };
  },
  present: presentAptPreview,
};

/** 🔄 Update → Pull repos: per configured repo, `git fetch` then HEAD..@{u}; one failing repo is one line. */
export const updateGitPreview: Handler<'update.gitPreview'> = {
  run: async (_d, ctx) => {
    const dirs = ctx.config.updateRepos;
    const repos = [];
    for (const [i, dir] of dirs.entries()) {
      await ctx.progress(Math.round((i / dirs.length) * 100), `git fetch ${i + 1}/${dirs.length}`);
      if (!existsSync(dir)) {
        repos.push({ dir, ok: false, commits: [], total: 0, error: 'folder tidak ada' });
        continue;
      }
      try {
        const r = await gitIncoming(ctx.runner, dir, { signal: ctx.signal, limit: PREVIEW_COMMITS });
        repos.push({ dir, ok: true, branch: r.branch, commits: r.commits, total: r.total });
      } catch (err) {
        ctx.log.warn({ module: 'worker:update', dir, err }, 'git fetch for the preview failed');
        repos.push({ dir, ok: false, commits: [], total: 0, error: gitErrorText(err) });
      }
    }
    return { repos };
  },
  present: presentGitPreview,
};
