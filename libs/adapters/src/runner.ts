import { StringDecoder } from 'node:string_decoder';
import { execa } from 'execa';
import type { CommandFailure } from './command-error.js';
import { CommandError } from './command-error.js';

export interface RunOptions {
  /** Kill the command after this many ms. Default 30000. */
  timeoutMs?: number;
  /** Fail when stdout or stderr grows past this many bytes. Default 4 MiB. */
  maxOutputBytes?: number;
  /** Cancels the command (the job's AbortSignal). */
  signal?: AbortSignal;
  /** Exit codes that count as success. Default [0]. */
  okExitCodes?: readonly number[];
  /** Text for stdin. Default: none (stdin is closed, so nothing can wait on a prompt). */
  input?: string;
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Called with each chunk of stdout as it arrives (live progress of long commands), whole UTF-8 characters only. */
  onStdout?: (chunk: string) => void;
  /**
   * With onStdout: stdout is not kept in memory and not capped (onStdout consumes it); the
   * result's `stdout` is its last 64 KiB. For commands that print a line per file.
   */
  stdoutTailOnly?: boolean;
  /** Called with each chunk of stderr as it arrives (tools that report progress there, e.g. rclone). */
  onStderr?: (chunk: string) => void;
}

export interface RunResult {
  command: string;
  args: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs one command. Handlers receive it injected, so tests can run stand-ins. */
export type Runner = (command: string, args: readonly string[], opts?: RunOptions) => Promise<RunResult>;

export interface RunnerOptions {
  /** Environment for every command. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Called after each command, for the debug log. */
  onRun?: (r: { command: string; args: readonly string[]; exitCode: number | undefined; durationMs: number }) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;
const STDERR_TAIL_BYTES = 2048;

function checkArgs(command: string, args: readonly string[]): void {
  if (!/^[A-Za-z0-9_./+-]+$/.test(command)) throw new Error(`refusing to run command with an unusual name: ${JSON.stringify(command)}`);
  for (const a of args) {
    if (typeof a !== 'string') throw new TypeError(`argument ${String(a)} is not a string`);
    if (a.includes('\0')) throw new Error('refusing an argument that contains a NUL byte');
  }
}

/**
 * The single safe command runner: an argument array (never a shell), a timeout, an output
 * cap, cancellation by AbortSignal, stdin closed, and a CommandError that carries the
 * command, exit code, signal and the tail of stderr.
 */
/** What stdoutTailOnly keeps of stdout. */
const STDOUT_TAIL_CHARS = 64 * 1024;

export function createRunner(runnerOpts: RunnerOptions = {}): Runner {
  return async (command, args, opts = {}) => {
    checkArgs(command, args);
    const started = performance.now();
    const sub = execa(command, [...args], {
      shell: false,
      reject: false,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBuffer: opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
      ...(opts.signal ? { cancelSignal: opts.signal } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      env: { ...(runnerOpts.env ?? process.env), ...(opts.env ?? {}), LC_ALL: 'C.UTF-8' },
      extendEnv: false,
      stripFinalNewline: false,
      encoding: 'utf8',
      forceKillAfterDelay: 2000,
      ...(opts.onStdout && opts.stdoutTailOnly ? { buffer: { stdout: false } } : {}),
    });
    // With stdoutTailOnly: the newest chunks, trimmed to the tail now and then (not per chunk).
    const outTail: string[] = [];
    let tailChars = 0;
    const keep = (text: string) => {
      outTail.push(text);
      tailChars += text.length;
      if (tailChars > 4 * STDOUT_TAIL_CHARS) {
        const joined = outTail.join('').slice(-STDOUT_TAIL_CHARS);
        outTail.length = 0;
        outTail.push(joined);
        tailChars = joined.length;
      }
    };
    let decoder: StringDecoder | undefined;
    if (opts.onStdout) {
      const onStdout = opts.onStdout;
      const keepTail = opts.stdoutTailOnly === true;
      // A chunk may end inside a multi-byte character: the decoder holds it for the next one.
      const dec = (decoder = new StringDecoder('utf8'));
      sub.stdout?.on('data', (b: Buffer | string) => {
        const text = typeof b === 'string' ? b : dec.write(b);
        if (!text) return;
        if (keepTail) keep(text);
        onStdout(text);
      });
    }
    let errDecoder: StringDecoder | undefined;
    if (opts.onStderr) {
      const onStderr = opts.onStderr;
      const dec = (errDecoder = new StringDecoder('utf8'));
      sub.stderr?.on('data', (b: Buffer | string) => {
        const text = typeof b === 'string' ? b : dec.write(b);
        if (text) onStderr(text);
      });
    }
    const r = await sub;
    const errRest = errDecoder?.end();
    if (errRest) opts.onStderr?.(errRest);
    const rest = decoder?.end();
    if (rest) {
      if (opts.stdoutTailOnly) keep(rest);
      opts.onStdout?.(rest);
    }
    const durationMs = performance.now() - started;
    const stdout = opts.onStdout && opts.stdoutTailOnly ? outTail.join('').slice(-STDOUT_TAIL_CHARS) : typeof r.stdout === 'string' ? r.stdout : '';
    const stderr = typeof r.stderr === 'string' ? r.stderr : '';
    runnerOpts.onRun?.({ command, args, exitCode: r.exitCode, durationMs });
    const ok = opts.okExitCodes ?? [0];
    if (!r.failed || (r.exitCode !== undefined && ok.includes(r.exitCode) && !r.timedOut && !r.isCanceled && !r.isMaxBuffer)) {
      return { command, args, exitCode: r.exitCode ?? 0, stdout, stderr, durationMs };
    }
    let failure: CommandFailure = 'exit';
    const code = (r as { code?: string }).code;
    if (r.timedOut) failure = 'timeout';
    else if (r.isCanceled) failure = 'aborted';
    else if (r.isMaxBuffer) failure = 'output-too-large';
    else if (code === 'ENOENT') failure = 'not-found';
    else if (code === 'EACCES') failure = 'denied';
    else if (r.exitCode === undefined && r.signal) failure = 'signal';
    else if (r.exitCode === undefined) failure = 'spawn';
    const tail = Buffer.from(stderr).subarray(-STDERR_TAIL_BYTES).toString('utf8');
    throw new CommandError(command, args, failure, r.exitCode, r.signal, tail, stdout, durationMs);
  };
}
