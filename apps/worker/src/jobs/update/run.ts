import { existsSync } from 'node:fs';
import { aptUpdate, aptUpgrade, CommandError, gitPullFastForward, planDepsSync, runDepsSync } from '@potion/adapters';
import type { JobContext } from '../../runtime/context.js';
import { clip } from '../../runtime/format.js';
import { userErrorText } from '../../runtime/outcome.js';
import { UserFacingError } from '../../runtime/retry-policy.js';
import type { Handler } from '../types.js';

/** Ubuntu writes this file when an update needs a reboot (new kernel, libc...). */
export const REBOOT_REQUIRED_FILE = '/run/reboot-required';

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
      await ctx.progress(100, 'selesai');
      return { ...up, updateProblems: upd.problems, rebootRequired: existsSync(REBOOT_REQUIRED_FILE) };
    } catch (err) {
      if (aptLocked(err)) throw new UserFacingError('apt sedang dipakai proses lain (biasanya update otomatis Ubuntu). Tunggu 10-15 menit lalu coba lagi ya');
      throw err;
    }
  },
  present: (r) => {
    const lines: string[] = [];
    if (r.counts.upgraded === 0 && r.counts.newlyInstalled === 0) lines.push('🔄 Semua paket sudah versi terbaru, tidak ada yang di-upgrade.');
    else {
      lines.push(`🔄 ${r.counts.upgraded} paket di-upgrade${r.counts.newlyInstalled ? `, ${r.counts.newlyInstalled} paket baru` : ''}:`);
      for (const p of r.upgraded.slice(0, 25)) lines.push(`• ${p.name}${p.to ? ` → ${p.to}` : ''}`);
      if (r.upgraded.length > 25) lines.push(`… dan ${r.upgraded.length - 25} lagi`);
    }
    if (r.keptBack.length) lines.push(`⏸️ Ditahan (butuh keputusan manual): ${r.keptBack.slice(0, 10).join(', ')}`);
    if (r.deferred.length) lines.push(`🕒 Ditunda bertahap oleh Ubuntu: ${r.deferred.length} paket`);
    for (const p of r.updateProblems.slice(0, 3)) lines.push(`⚠️ ${clip(p, 150)}`);
    if (r.rebootRequired) lines.push('', '🔁 Perlu reboot supaya update aktif. Pilih Reboot di 🧰 Kontrol kalau sudah siap.');
    return { text: lines.join('\n'), raw: true };
  },
  howToCheck: () => 'jalankan `sudo apt-get -s upgrade` dan lihat /var/log/apt/history.log',
};

function gitErrorText(err: unknown): string {
  const t = err instanceof CommandError ? err.stderrTail : String(err);
  if (/Not possible to fast-forward|divergent branches/i.test(t)) return 'cabang lokal sudah beda dengan remote, perlu digabung manual (tidak aku paksa)';
  if (/would be overwritten|Please commit your changes or stash/i.test(t)) return 'ada perubahan lokal yang belum di-commit, pull dibatalkan supaya tidak hilang';
  if (/dubious ownership/i.test(t)) return 'git menolak karena pemilik folder beda (perlu git config --global --add safe.directory)';
  if (/not a git repository/i.test(t)) return 'folder ini bukan repo git';
  if (/There is no tracking information/i.test(t)) return 'branch ini belum punya upstream (git branch --set-upstream-to)';
  if (/Could not resolve host|unable to access|Connection timed out/i.test(t)) return 'tidak bisa menghubungi remote (internet?)';
  if (/Authentication failed|could not read Username|Permission denied \(publickey\)/i.test(t)) return 'remote minta login; pakai deploy key atau URL publik';
  return userErrorText(err);
}

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
  present: (r) => {
    if (r.repos.length === 0) return { text: '📥 Belum ada repo yang diatur. Tambahkan UPDATE_REPOS="/path/repo1,/path/repo2" di .env lalu restart worker.', raw: true };
    const lines = ['📥 Pull repos (git pull --ff-only)'];
    for (const x of r.repos) {
      lines.push('');
      if (!x.ok) {
        lines.push(`❌ ${x.dir}: ${x.error ?? 'gagal'}`);
        continue;
      }
      if (x.commits.length === 0) {
        lines.push(`✅ ${x.dir} (${x.branch ?? '?'}): sudah terbaru`);
        continue;
      }
      lines.push(`⬇️ ${x.dir} (${x.branch ?? '?'}): ${x.commits.length} commit baru, ${x.files.length} file berubah`);
      for (const c of x.commits.slice(0, 8)) lines.push(`  • ${c.hash} ${clip(c.subject, 60)}`);
      if (x.commits.length > 8) lines.push(`  … dan ${x.commits.length - 8} commit lagi`);
      for (const f of x.files.slice(0, 8)) lines.push(`  📄 ${clip(f, 60)}`);
      if (x.files.length > 8) lines.push(`  … dan ${x.files.length - 8} file lagi`);
    }
    return { text: lines.join('\n'), raw: true };
  },
  howToCheck: () => 'jalankan `git status` dan `git log -3` di folder repo',
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
  present: (r) => {
    if (r.projects.length === 0) return { text: '📦 Belum ada folder proyek yang diatur. Tambahkan UPDATE_DEPS_DIRS="/path/proyek" di .env lalu restart worker.', raw: true };
    const lines = ['📦 Sinkron dependensi dari lock file'];
    for (const p of r.projects) {
      lines.push('', `${p.ok ? '✅' : '❌'} ${p.dir}${p.tool ? ` · ${p.tool} (${p.lockFile})` : ''}`, `   ${clip(p.summary, 200)}`);
      for (const c of p.changed.slice(0, 6)) lines.push(`   • ${clip(c, 60)}`);
      if (p.changed.length > 6) lines.push(`   … dan ${p.changed.length - 6} lagi`);
    }
    return { text: lines.join('\n'), raw: true };
  },
  howToCheck: () => 'jalankan `npm ls --depth=0` atau `.venv/bin/pip list` di folder proyek',
};
