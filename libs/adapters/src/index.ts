export { createRunner, type Runner, type RunOptions, type RunResult, type RunnerOptions } from './runner.js';
export { CommandError, type CommandFailure } from './command-error.js';
export { parseShow, showUnits, controlUnit, type UnitState } from './systemctl.js';
export { parseMountInfo, isMountPoint } from './mounts.js';
export { parseDu, biggestFolders, type DuEntry, type DuResult } from './du.js';
