export { createRunner, type Runner, type RunOptions, type RunResult, type RunnerOptions } from './runner.js';
export { CommandError, type CommandFailure } from './command-error.js';
export { parseShow, showUnits, controlUnit, type UnitState } from './systemctl.js';
export { parseMountInfo, isMountPoint } from './mounts.js';
export {
  parseAptUpdate,
  parseAptUpgrade,
  aptUpdate,
  aptUpgrade,
  APT_UPDATE_ARGS,
  APT_UPGRADE_ARGS,
  type AptUpdateSummary,
  type AptUpgradeSummary,
  type AptPackageChange,
} from './apt.js';
export { PRIVILEGED_COMMANDS, sudoRuleText } from './privileged.js';
