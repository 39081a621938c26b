import { APT_UPDATE_ARGS, APT_UPGRADE_ARGS } from './apt.js';
import { APT_AUTOREMOVE_ARGS, APT_CLEAN_ARGS, JOURNAL_VACUUM_ARGS } from './clean.js';
import { SELF_UPDATE_UNIT } from './self-update.js';
import { SMART_DEVICE_PATTERN, SMART_DEVICE_TYPES } from './smartctl.js';

/**
 * Every command the worker runs through `sudo -n`, for the deploy step that writes the
 * sudoers file (`/etc/sudoers.d/potion-runner`) and for messages that name the missing rule.
 * `*` marks an argument that varies: a whitelisted unit (systemctl), else the POSIX extended
 * regex at the same position in `patterns` (one per `*`), which the sudo rule then enforces.
 */
export const PRIVILEGED_COMMANDS: readonly { purpose: string; argv: readonly string[]; patterns?: readonly string[] }[] = [
  { purpose: 'start/stop/restart a whitelisted service', argv: ['systemctl', 'start|stop|restart', '--', '*'] },
  { purpose: 'reboot', argv: ['systemctl', 'reboot'] },
  { purpose: 'shutdown', argv: ['systemctl', 'poweroff'] },
  { purpose: 'apt update', argv: APT_UPDATE_ARGS.slice(1) },
  { purpose: 'apt upgrade', argv: APT_UPGRADE_ARGS.slice(1) },
  { purpose: 'SMART health', argv: ['smartctl', '-j', '-i', '-H', '-A', '-d', '*', '*'], patterns: [`(${SMART_DEVICE_TYPES.join('|')})`, SMART_DEVICE_PATTERN] },
  { purpose: 'kernel log (dmesg_restrict=1)', argv: ['dmesg', '-T'] },
  { purpose: 'clean the apt package cache', argv: APT_CLEAN_ARGS.slice(1) },
  { purpose: 'remove packages nothing needs (old kernels)', argv: APT_AUTOREMOVE_ARGS.slice(1) },
  { purpose: 'vacuum the journal', argv: JOURNAL_VACUUM_ARGS.slice(1) },
  // ⚙️ Settings → Update potion-runner (decision 045): root fetches and lists, root's unit builds.
  { purpose: 'self-update: incoming commits', argv: ['self-update.sh', 'check'] },
  { purpose: 'self-update: start the root unit', argv: ['systemctl', 'start', '--no-block', SELF_UPDATE_UNIT] },
];

/** The command line after `sudo -n`, as a sudoers rule would name it. */
export function sudoRuleText(args: readonly string[]): string {
  const a = args[0] === '-n' ? args.slice(1) : args;
  return a.join(' ');
}
