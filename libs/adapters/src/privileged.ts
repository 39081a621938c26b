import { APT_UPDATE_ARGS, APT_UPGRADE_ARGS } from './apt.js';

/**
 * Every command the worker runs through `sudo -n`, for the deploy step that writes the
 * sudoers file (`/etc/sudoers.d/potion-runner`) and for messages that name the missing rule.
 * `*` marks an argument that varies (a whitelisted unit, a device from `smartctl --scan`).
 */
export const PRIVILEGED_COMMANDS: readonly { purpose: string; argv: readonly string[] }[] = [
  { purpose: 'start/stop/restart a whitelisted service', argv: ['systemctl', 'start|stop|restart', '--', '*'] },
  { purpose: 'reboot', argv: ['systemctl', 'reboot'] },
  { purpose: 'shutdown', argv: ['systemctl', 'poweroff'] },
  { purpose: 'apt update', argv: APT_UPDATE_ARGS.slice(1) },
  { purpose: 'apt upgrade', argv: APT_UPGRADE_ARGS.slice(1) },
  { purpose: 'SMART health', argv: ['smartctl', '-j', '-i', '-H', '-A', '-d', '*', '*'] },
  { purpose: 'kernel log (dmesg_restrict=1)', argv: ['dmesg', '-T'] },
];

/** The command line after `sudo -n`, as a sudoers rule would name it. */
export function sudoRuleText(args: readonly string[]): string {
  const a = args[0] === '-n' ? args.slice(1) : args;
  return a.join(' ');
}
