import type { Runner, RunOptions } from './runner.js';

/** One package a dist-upgrade would install, from an `Inst` line of `apt-get -s`. */
export interface AptPlannedInstall {
  name: string;
  /** The installed version; undefined for a new package (a new kernel pulled in by its metapackage). */
  from: string | undefined;
  to: string;
  /** Where the new version comes from, as apt writes it: "Debian-Security:12/oldstable-security". */
  origins: string[];
  /** True when one of the origins is a security archive ("…-security"). */
  security: boolean;
}

export interface AptSimulation {
  installs: AptPlannedInstall[];
  /** The packages from a security archive, in apt's order. */
  security: AptPlannedInstall[];
  /** From "N upgraded, M newly installed, R to remove and K not upgraded."; undefined when apt wrote no such line. */
  counts: { upgraded: number; newlyInstalled: number; removed: number; notUpgraded: number } | undefined;
}

/**
 * "Inst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])"
 * (apt 2.6, Debian 12); a trailing " []" marks a package whose dependencies are not yet
 * configured at that step and is ignored. Ubuntu writes "Ubuntu:24.04/noble-security".
 */
const INST = /^Inst (\S+) (?:\[([^\]]+)\] )?\((\S+) (.*?) \[[^\]]+\]\)/;

const isSecurityOrigin = (origin: string) => /\/\S*-security$/.test(origin);

/** Parses the output of `apt-get -s dist-upgrade` (pure). */
export function parseAptSimulation(stdout: string): AptSimulation {
  const installs: AptPlannedInstall[] = [];
  for (const line of stdout.split('\n')) {
    const m = INST.exec(line);
    if (!m) continue;
    const origins = m[4]!.split(', ').map((o) => o.trim()).filter(Boolean);
    installs.push({ name: m[1]!, from: m[2], to: m[3]!, origins, security: origins.some(isSecurityOrigin) });
  }
  const c = /^(\d+) upgraded, (\d+) newly installed, (\d+) to remove and (\d+) not upgraded/m.exec(stdout);
  return {
    installs,
    security: installs.filter((p) => p.security),
    counts: c ? { upgraded: Number(c[1]), newlyInstalled: Number(c[2]), removed: Number(c[3]), notUpgraded: Number(c[4]) } : undefined,
  };
}

/**
 * `apt-get -s dist-upgrade`: what an upgrade would install, from the package lists already on
 * disk (no network, no root, no lock). dist-upgrade rather than upgrade so that a security fix
 * that needs a new package (a new kernel) is counted too, as unattended-upgrades installs it.
 */
export const APT_SIMULATE_ARGS = ['-s', 'dist-upgrade'] as const;

/** Runs the simulation; a few seconds of CPU on a laptop, so callers run it hourly, not per press. */
export async function aptSimulateUpgrade(run: Runner, opts: RunOptions = {}): Promise<AptSimulation> {
  const r = await run('apt-get', APT_SIMULATE_ARGS, { timeoutMs: 120_000, maxOutputBytes: 8 * 1024 * 1024, ...opts });
  return parseAptSimulation(r.stdout);
}
