/**
 * Every command the worker runs as root, through `sudo -n`, as exact argument arrays. The
 * sudoers file (`potion sudoers`, installed by deploy/install.sh) is generated from this
 * list, so an adapter and its rule cannot drift apart: an adapter that needs root builds its
 * arguments here and nowhere else. sudo matches the whole command line, so one extra or
 * reordered argument is refused ("a password is required").
 *
 * Reading logs needs no root: the service user is in the systemd-journal group.
 */

/** Absolute paths on Ubuntu 24.04 (sudo resolves bare names through secure_path to these). */
export const SBIN = {
  systemctl: '/usr/bin/systemctl',
  aptGet: '/usr/bin/apt-get',
  dmesg: '/usr/bin/dmesg',
  rsync: '/usr/bin/rsync',
} as const;

export type UnitVerb = 'start' | 'stop' | 'restart';
export const UNIT_VERBS: readonly UnitVerb[] = ['start', 'stop', 'restart'];

/** `sudo -n <argv>`: -n never asks for a password, so a missing rule fails at once. */
export const sudoArgs = (argv: readonly string[]): string[] => ['-n', ...argv];

export const privileged = {
  unit: (verb: UnitVerb, unit: string): string[] => [SBIN.systemctl, verb, '--', unit],
  reboot: (): string[] => [SBIN.systemctl, 'reboot'],
  poweroff: (): string[] => [SBIN.systemctl, 'poweroff'],
  aptUpdate: (): string[] => [SBIN.aptGet, '-q', 'update'],
  /** Keeps changed config files (confold) and never asks (with DEBIAN_FRONTEND=noninteractive, kept by sudoers). */
  aptUpgrade: (): string[] => [SBIN.aptGet, '-q', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'upgrade'],
  /** Kernel messages with readable times (dmesg is root-only on Ubuntu: kernel.dmesg_restrict=1). */
  dmesg: (): string[] => [SBIN.dmesg, '--nopager', '--ctime'],
  dmesgProblems: (): string[] => [SBIN.dmesg, '--nopager', '--ctime', '--level=emerg,alert,crit,err,warn'],
  /**
   * Restore of the app folder from a snapshot, as root so ownership and modes come back as
   * they were. `snapshot` is a snapshot folder name (YYYY-MM-DD...), checked by the rule's regex.
   */
  restoreApp: (backupDir: string, snapshot: string, appDir: string): string[] => [
    SBIN.rsync,
    '-a',
    '--delete',
    '--',
    `${backupDir}/snapshots/${snapshot}/app/`,
    `${appDir}/`,
  ],
} as const;

/** The pattern a snapshot folder name must match in the restore rule (a date, then letters, digits, ".", "_", "-"). */
export const SNAPSHOT_NAME_REGEX = '[0-9]{4}-[0-9]{2}-[0-9]{2}[A-Za-z0-9._-]*';
