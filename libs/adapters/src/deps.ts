import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner, RunOptions } from './runner.js';

export type DepsTool = 'npm' | 'uv' | 'pip-sync' | 'pip';

export interface DepsPlan {
  dir: string;
  tool: DepsTool;
  /** The lock file the sync follows, relative to dir. */
  lockFile: string;
  command: string;
  args: string[];
}

export interface DepsSyncResult {
  dir: string;
  tool: DepsTool;
  lockFile: string;
  /** "added 120 packages", "Successfully installed requests-2.32.3"... one short line. */
  summary: string;
  changed: string[];
}

/** The virtualenv pip of a project: `.venv/` or `venv/` inside it. Never the system pip. */
function venvBin(dir: string, name: string): string | undefined {
  for (const v of ['.venv', 'venv']) {
    const p = join(dir, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * How to sync one project folder from its lock file, or undefined when it has none:
 * package-lock.json → `npm ci`; uv.lock → `uv sync --frozen`; requirements.lock or
 * requirements.txt with a venv → the venv's `pip-sync` (pip-tools) or `pip install -r`.
 */
export function planDepsSync(dir: string): DepsPlan[] {
  const plans: DepsPlan[] = [];
  if (existsSync(join(dir, 'package-lock.json'))) {
    plans.push({ dir, tool: 'npm', lockFile: 'package-lock.json', command: 'npm', args: ['ci', '--no-audit', '--no-fund', '--no-progress'] });
  }
  if (existsSync(join(dir, 'uv.lock'))) {
    plans.push({ dir, tool: 'uv', lockFile: 'uv.lock', command: 'uv', args: ['sync', '--frozen'] });
  } else {
    const lock = ['requirements.lock', 'requirements.txt'].find((f) => existsSync(join(dir, f)));
    if (lock) {
      const pipSync = venvBin(dir, 'pip-sync');
      const pip = venvBin(dir, 'pip');
      if (pipSync) plans.push({ dir, tool: 'pip-sync', lockFile: lock, command: pipSync, args: [lock] });
      else if (pip) plans.push({ dir, tool: 'pip', lockFile: lock, command: pip, args: ['install', '--disable-pip-version-check', '-r', lock] });
    }
  }
  return plans;
}

/** Parses npm ci's last line: "added 120 packages in 3s" / "added 1 package, and audited 2 packages in 1s". */
export function parseNpmCi(stdout: string): { summary: string; changed: string[] } {
  const line = stdout.split('\n').map((l) => l.trim()).find((l) => /^(added|removed|changed|up to date)\b/.test(l));
  return { summary: line ?? 'selesai', changed: [] };
}

/** Parses pip's "Successfully installed a-1.0 b-2.0" (or nothing new) and pip-sync's lines. */
export function parsePipInstall(stdout: string): { summary: string; changed: string[] } {
  const m = /^Successfully installed (.+)$/m.exec(stdout);
  if (m) {
    const changed = m[1]!.trim().split(/\s+/);
    return { summary: `${changed.length} paket terpasang/diperbarui`, changed };
  }
  const synced = stdout.split('\n').filter((l) => /^(Collecting|Uninstalling) /.test(l)).length;
  if (/Everything up-to-date/i.test(stdout) || synced === 0) return { summary: 'sudah sesuai lock file', changed: [] };
  return { summary: `${synced} perubahan`, changed: [] };
}

/** Parses `uv sync`'s stderr summary lines ("Installed 3 packages in 12ms", " + requests==2.32.3"). */
export function parseUvSync(stderr: string): { summary: string; changed: string[] } {
  const changed = stderr.split('\n').filter((l) => /^\s[+-~] /.test(l)).map((l) => l.trim());
  const line = stderr.split('\n').map((l) => l.trim()).filter((l) => /^(Installed|Uninstalled|Audited|Resolved)\b/.test(l)).pop();
  return { summary: line ?? 'selesai', changed };
}

export async function runDepsSync(run: Runner, plan: DepsPlan, opts: RunOptions = {}): Promise<DepsSyncResult> {
  const r = await run(plan.command, plan.args, { timeoutMs: 20 * 60_000, ...opts, cwd: plan.dir });
  const parsed = plan.tool === 'npm' ? parseNpmCi(r.stdout) : plan.tool === 'uv' ? parseUvSync(r.stderr) : parsePipInstall(r.stdout);
  return { dir: plan.dir, tool: plan.tool, lockFile: plan.lockFile, ...parsed };
}
