/** denied: the executable exists but may not be run (EACCES, e.g. no execute bit or a noexec mount). */
export type CommandFailure = 'exit' | 'signal' | 'timeout' | 'aborted' | 'output-too-large' | 'not-found' | 'denied' | 'spawn';

/**
 * A command that did not succeed. Carries what a person needs to act: the command and
 * its arguments, the exit code or signal, and the tail of stderr.
 */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly failure: CommandFailure,
    readonly exitCode: number | undefined,
    readonly signal: string | undefined,
    /** The last lines of stderr (at most 2 kB). */
    readonly stderrTail: string,
    readonly stdout: string,
    readonly durationMs: number,
  ) {
    super(CommandError.describe(command, args, failure, exitCode, signal, stderrTail));
  }

  static describe(
    command: string,
    args: readonly string[],
    failure: CommandFailure,
    exitCode: number | undefined,
    signal: string | undefined,
    stderrTail: string,
  ): string {
    const cmd = [command, ...args].join(' ');
    const what = {
      exit: `exited with code ${exitCode}`,
      signal: `was killed by ${signal}`,
      timeout: 'timed out',
      aborted: 'was cancelled',
      'output-too-large': 'printed more output than allowed',
      'not-found': 'is not installed (not found on PATH)',
      denied: 'may not be run (permission denied)',
      spawn: 'could not be started',
    }[failure];
    const tail = stderrTail.trim();
    return `"${cmd.length > 200 ? cmd.slice(0, 200) + '…' : cmd}" ${what}${tail ? `: ${tail.split('\n').slice(-3).join(' | ')}` : ''}`;
  }
}
