import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DfRow, parseAptConfigShell, parseAutoremoveSimulation, parseDf, parseDpkgSizes, parseDuTotal, parseJournalDiskUsage, parseJournalVacuum } from './clean-parse.js';
import type { Runner, RunOptions } from './runner.js';

/** What `journalctl --vacuum-size` keeps of the archived journals: one fixed value, so the sudo rule is one exact line. */
export const JOURNAL_KEEP = '100M';
export const JOURNAL_KEEP_BYTES = 100 * 1024 ** 2;

/** `sudo -n apt-get -q clean`: removes the downloaded .deb files (apt keeps the lock file). */
export const APT_CLEAN_ARGS = ['-n', 'apt-get', '-q', 'clean'] as const;
/**
 * `sudo -n env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l /usr/bin/apt-get -q -y autoremove`:
 * the packages nothing needs any more (old kernels among them), no prompts, needrestart only lists.
 */
export const APT_AUTOREMOVE_ARGS = ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'NEEDRESTART_MODE=l', '/usr/bin/apt-get', '-q', '-y', 'autoremove'] as const;
/** `sudo -n journalctl --vacuum-size=100M`: deletes the oldest archived journal files down to JOURNAL_KEEP. */
export const JOURNAL_VACUUM_ARGS = ['-n', 'journalctl', `--vacuum-size=${JOURNAL_KEEP}`] as const;
/** `apt-get -s autoremove`: the simulation, no root, nothing changes. */
export const AUTOREMOVE_SIMULATE_ARGS = ['-s', 'autoremove'] as const;

/** The folder apt keeps downloaded packages in (`apt-config`, default /var/cache/apt/archives/). */
export async function aptArchivesDir(run: Runner, opts: RunOptions = {}): Promise<string> {
  const r = await run('apt-config', ['shell', 'ARCHIVES', 'Dir::Cache::archives/d'], { timeoutMs: 30_000, ...opts });
  const dir = parseAptConfigShell(r.stdout);
  if (!dir?.startsWith('/')) throw new Error(`apt-config did not name the archives folder: ${JSON.stringify(r.stdout.slice(0, 200))}`);
  return dir;
}

/** What `apt-get clean` would free: the blocks of the *.deb files in the archives folder (`du -c`). */
export async function aptCacheBytes(run: Runner, dir: string, opts: RunOptions = {}): Promise<{ bytes: number; files: number }> {
  const debs = (await readdir(dir)).filter((f) => f.endsWith('.deb')).map((f) => join(dir, f));
  if (debs.length === 0) return { bytes: 0, files: 0 };
  const r = await run('du', ['-c', '-B1', '--', ...debs], { timeoutMs: 60_000, okExitCodes: [0, 1], ...opts });
  const bytes = parseDuTotal(r.stdout);
  if (bytes === undefined) throw new Error('du printed no total');
  return { bytes, files: debs.length };
}

/** What `apt-get autoremove` would remove, and their Installed-Size (dpkg-query, KiB → bytes). */
export async function autoremovePlan(run: Runner, opts: RunOptions = {}): Promise<{ packages: { name: string; bytes: number }[]; bytes: number }> {
  const sim = await run('apt-get', AUTOREMOVE_SIMULATE_ARGS, { timeoutMs: 120_000, maxOutputBytes: 4 * 1024 * 1024, ...opts });
  const plan = parseAutoremoveSimulation(sim.stdout);
  if (plan.toRemove === undefined) throw new Error('apt-get -s autoremove printed no summary line');
  if (plan.packages.length === 0) return { packages: [], bytes: 0 };
  // Exit 1 when one name is unknown to dpkg: the others are still listed.
  const q = await run('dpkg-query', ['-W', '-f=${Package}\t${Installed-Size}\n', '--', ...plan.packages], { timeoutMs: 30_000, okExitCodes: [0, 1], ...opts });
  const sizes = parseDpkgSizes(q.stdout);
  const packages = plan.packages.map((name) => ({ name, bytes: sizes.get(name) ?? 0 })).sort((a, b) => b.bytes - a.bytes);
  return { packages, bytes: packages.reduce((n, p) => n + p.bytes, 0) };
}

/** `journalctl --disk-usage` (the service user is in systemd-journal, so it sees every file). */
export async function journalDiskUsage(run: Runner, opts: RunOptions = {}): Promise<number> {
  const r = await run('journalctl', ['--disk-usage'], { timeoutMs: 30_000, ...opts });
  const bytes = parseJournalDiskUsage(r.stdout);
  if (bytes === undefined) throw new Error(`journalctl --disk-usage: unexpected output ${JSON.stringify(r.stdout.slice(0, 200))}`);
  return bytes;
}

/** One `df` row per path (the filesystem each lives on); a path that does not exist is left out. */
export async function diskFree(run: Runner, paths: readonly string[], opts: RunOptions = {}): Promise<DfRow[]> {
  const r = await run('df', ['-B1', '--output=size,used,avail,target', '--', ...paths], { timeoutMs: 30_000, okExitCodes: [0, 1], ...opts });
  return parseDf(r.stdout);
}

export async function aptClean(run: Runner, opts: RunOptions = {}): Promise<void> {
  await run('sudo', APT_CLEAN_ARGS, { timeoutMs: 5 * 60_000, ...opts });
}

export async function aptAutoremove(run: Runner, opts: RunOptions = {}): Promise<void> {
  await run('sudo', APT_AUTOREMOVE_ARGS, { timeoutMs: 30 * 60_000, maxOutputBytes: 8 * 1024 * 1024, ...opts });
}

/** Returns what journalctl says it freed (its own count; the job reports df's). */
export async function journalVacuum(run: Runner, opts: RunOptions = {}): Promise<number | undefined> {
  const r = await run('sudo', JOURNAL_VACUUM_ARGS, { timeoutMs: 5 * 60_000, ...opts });
  return parseJournalVacuum(`${r.stdout}\n${r.stderr}`).freedBytes;
}
