import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian and Ubuntu put systemctl (the Debian package `systemd`). */
export const REAL_SYSTEMCTL = '/usr/bin/systemctl';

/** What this machine's own systemctl answers to a read-only query. */
export interface RealSystemctl {
  path: string;
  /** True when it reached a running systemd (this machine was booted with it). */
  reachable: boolean;
  exitCode: number | null;
  stderr: string;
}

/**
 * Runs this machine's real systemctl once (`show` of a unit nobody has). Throws when the
 * binary is missing: tests that rely on it must fail loudly, never skip silently
 * (`npm run setup` installs it with the test tools).
 */
export function probeRealSystemctl(): RealSystemctl {
  if (!existsSync(REAL_SYSTEMCTL)) {
    throw new Error(
      `${REAL_SYSTEMCTL} is missing: these tests run the real systemctl. Run \`npm run setup\` (with POTION_SETUP_TEST_TOOLS=1, the default) or \`apt-get install systemd\`.`,
    );
  }
  const r = spawnSync(REAL_SYSTEMCTL, ['show', '--no-pager', '-p', 'Id', '--', 'potion-probe.service'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
    timeout: 10_000,
  });
  if (r.error) throw r.error;
  return { path: REAL_SYSTEMCTL, reachable: r.status === 0, exitCode: r.status, stderr: r.stderr };
}

/**
 * For tests of a machine where systemctl exists but cannot reach systemd (a container, WSL,
 * a chroot): the probe, or a skip reason when this machine really runs systemd (then the
 * failure cannot be shown with the real binary; `npm run test:system` covers that machine).
 */
export function unreachableSystemctl(): { probe: RealSystemctl; skip: string | false } {
  const probe = probeRealSystemctl();
  return { probe, skip: probe.reachable ? `${REAL_SYSTEMCTL} reaches a running systemd on this machine: it cannot show the failure` : false };
}
