import type { Runner, RunOptions } from './runner.js';

export interface AptPackageChange {
  name: string;
  /** Version before, when apt said ("Unpacking curl (8.5.0-2ubuntu10.5) over (8.5.0-2ubuntu10.4)"). */
  from: string | undefined;
  to: string | undefined;
}

export interface AptUpgradeSummary {
  upgraded: AptPackageChange[];
  newlyInstalled: string[];
  keptBack: string[];
  /** Ubuntu's phased updates, held back on purpose for now. */
  deferred: string[];
  counts: { upgraded: number; newlyInstalled: number; removed: number; notUpgraded: number };
}

export interface AptUpdateSummary {
  hits: number;
  fetched: number;
  /** "Err:3 http://... Temporary failure resolving 'archive.ubuntu.com'" and "W:"/"E:" lines. */
  problems: string[];
}

/** The package list that follows a header such as "The following packages will be upgraded:". */
function listAfter(lines: readonly string[], header: RegExp): string[] {
  const i = lines.findIndex((l) => header.test(l));
  if (i < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (!/^\s/.test(l)) break;
    out.push(...l.trim().split(/\s+/).filter(Boolean));
  }
  return out;
}

/** Parses the output of `apt-get update` (apt 2.7). */
export function parseAptUpdate(stdout: string, stderr = ''): AptUpdateSummary {
  const lines = `${stdout}\n${stderr}`.split('\n');
  return {
    hits: lines.filter((l) => /^Hit:\d+/.test(l)).length,
    fetched: lines.filter((l) => /^Get:\d+/.test(l)).length,
    problems: lines.filter((l) => /^(Err:\d+|E:|W:)/.test(l)).map((l) => l.trim()).slice(0, 10),
  };
}

/** Parses the output of `apt-get -y upgrade` (apt 2.7, Ubuntu 24.04). */
export function parseAptUpgrade(stdout: string): AptUpgradeSummary {
  const lines = stdout.split('\n');
  const planned = listAfter(lines, /^The following packages will be upgraded:/);
  const versions = new Map<string, { from: string | undefined; to: string | undefined }>();
  for (const l of lines) {
    const m = /^Unpacking (\S+?)(?::\S+)? \(([^)]+)\)(?: over \(([^)]+)\))?/.exec(l);
    if (m) versions.set(m[1]!, { to: m[2], from: m[3] });
  }
  const c = /^(\d+) upgraded, (\d+) newly installed, (\d+) to remove and (\d+) not upgraded/m.exec(stdout);
  return {
    upgraded: planned.map((name) => ({ name, from: versions.get(name)?.from, to: versions.get(name)?.to })),
    newlyInstalled: listAfter(lines, /^The following NEW packages will be installed:/),
    keptBack: listAfter(lines, /^The following packages have been kept back:/),
    deferred: listAfter(lines, /^The following upgrades have been deferred due to phasing:/),
    counts: {
      upgraded: c ? Number(c[1]) : planned.length,
      newlyInstalled: c ? Number(c[2]) : 0,
      removed: c ? Number(c[3]) : 0,
      notUpgraded: c ? Number(c[4]) : 0,
    },
  };
}

/** `sudo -n apt-get -q update`. */
export const APT_UPDATE_ARGS = ['-n', 'apt-get', '-q', 'update'] as const;

/**
 * `sudo -n env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l /usr/bin/apt-get -q -y
 * -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold upgrade`:
 * no prompts, existing config files kept, needrestart only lists (it must not restart this
 * worker mid-job), and never dist-upgrade (no removals, no new kernels pulled in by force).
 */
export const APT_UPGRADE_ARGS = [
  '-n',
  'env',
  'DEBIAN_FRONTEND=noninteractive',
  'NEEDRESTART_MODE=l',
  // By its absolute path: env would otherwise look apt-get up in the PATH sudo passes on.
  '/usr/bin/apt-get',
  '-q',
  '-y',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
  'upgrade',
] as const;

export async function aptUpdate(run: Runner, opts: RunOptions = {}): Promise<AptUpdateSummary> {
  const r = await run('sudo', APT_UPDATE_ARGS, { timeoutMs: 10 * 60_000, ...opts });
  return parseAptUpdate(r.stdout, r.stderr);
}

export async function aptUpgrade(run: Runner, opts: RunOptions = {}): Promise<AptUpgradeSummary> {
  const r = await run('sudo', APT_UPGRADE_ARGS, { timeoutMs: 60 * 60_000, maxOutputBytes: 16 * 1024 * 1024, ...opts });
  return parseAptUpgrade(r.stdout);
}
