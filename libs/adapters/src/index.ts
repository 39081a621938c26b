export { createRunner, type Runner, type RunOptions, type RunResult, type RunnerOptions } from './runner.js';
export { CommandError, type CommandFailure } from './command-error.js';
export { parseShow, showUnits, controlUnit, type UnitState } from './systemctl.js';
export { parseMountInfo, isMountPoint } from './mounts.js';
export {
  runRsync,
  buildRsyncArgs,
  parseRsyncStats,
  parseProgress2,
  parseRsyncProblems,
  unescapeRsyncName,
  isNoSpaceError,
  rsyncVersion,
  type RsyncOptions,
  type RsyncResult,
  type RsyncStats,
  type RsyncProgress,
  type RsyncProblem,
  type RsyncProblems,
} from './rsync.js';
export { sha256File, sha256FileWithStat, sha256SumsLine, parseSha256Sums } from './hashing.js';
