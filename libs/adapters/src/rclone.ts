import { CommandError } from './command-error.js';
import type { Runner } from './runner.js';

/**
 * rclone (the Debian package) for the off-site copy. Always with an explicit `--config`,
 * `--use-json-log` (one JSON object per log line on stderr, parsed below) and NOTICE level:
 * the remote's secrets stay in the config file and never appear in the arguments or the log.
 */
export interface RcloneOptions {
  /** Path of rclone.conf (made with `rclone config`). */
  configPath: string;
  signal?: AbortSignal;
  /** Hard limit for the command in ms. */
  timeoutMs: number;
}

export interface RcloneStats {
  bytes: number;
  totalBytes: number;
  transfers: number;
  totalTransfers: number;
  checks: number;
  deletes: number;
  errors: number;
  /** Bytes per second (rclone's current average). */
  speed: number;
  /** Seconds left, when rclone knows. */
  etaSec: number | null;
  elapsedSec: number;
}

/** One line of rclone's stderr: stats, a log message, or a fatal plain-text line. */
export type RcloneLine =
  | { kind: 'stats'; stats: RcloneStats }
  | { kind: 'log'; level: string; msg: string; object?: string }
  | { kind: 'fatal'; msg: string };

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Parses one stderr line of rclone run with --use-json-log (pure); undefined for a blank line. */
export function parseRcloneLine(line: string): RcloneLine | undefined {
  const t = line.trim();
  if (!t) return undefined;
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as { level?: unknown; msg?: unknown; object?: unknown; stats?: Record<string, unknown> };
      if (o.stats && typeof o.stats === 'object') {
        const s = o.stats;
        return {
          kind: 'stats',
          stats: {
            bytes: num(s.bytes),
            totalBytes: num(s.totalBytes),
            transfers: num(s.transfers),
            totalTransfers: num(s.totalTransfers),
            checks: num(s.checks),
            deletes: num(s.deletes),
            errors: num(s.errors),
            speed: num(s.speed),
            etaSec: typeof s.eta === 'number' ? s.eta : null,
            elapsedSec: num(s.elapsedTime),
          },
        };
      }
      return { kind: 'log', level: typeof o.level === 'string' ? o.level : 'info', msg: typeof o.msg === 'string' ? o.msg : '', ...(typeof o.object === 'string' ? { object: o.object } : {}) };
    } catch {
      // not JSON after all: a plain line
    }
  }
  // Fatal errors are printed without the JSON logger: "2026/12/06 06:25:01 Failed to ...".
  return { kind: 'fatal', msg: t.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, '').replace(/^(ERROR|CRITICAL|NOTICE)\s*:\s*/, '') };
}

/** Splits a stream of chunks into whole lines (keeps the unfinished end for the next chunk). */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let rest = '';
  return {
    push: (chunk) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    },
    end: () => {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** Why rclone failed, as far as another try could change it. */
export type RcloneProblem = 'not-configured' | 'auth' | 'config-locked' | 'other';

const NOT_CONFIGURED = /didn't find section in config file|Config file .* not found|couldn't find type of fs|unknown backend/i;
const AUTH = /unable to authenticate|authentication failed|\b401\b|\b403\b|unauthori[sz]ed|invalid_grant|invalid_client|token (has been )?(expired|revoked)|permission denied \(publickey|access denied|InvalidAccessKeyId|SignatureDoesNotMatch/i;
const CONFIG_LOCKED = /unable to decrypt configuration|RCLONE_CONFIG_PASS|Enter configuration password/i;

/** Classifies rclone's error messages (pure): a missing remote or a refused login stays so on retry. */
export function rcloneProblem(messages: readonly string[]): RcloneProblem {
  const text = messages.join('\n');
  if (CONFIG_LOCKED.test(text)) return 'config-locked';
  if (NOT_CONFIGURED.test(text)) return 'not-configured';
  if (AUTH.test(text)) return 'auth';
  return 'other';
}

/** A failed rclone run, with the error lines it logged (not only stderr's tail, which stats fill). */
export class RcloneError extends Error {
  override name = 'RcloneError';
  constructor(
    readonly problem: RcloneProblem,
    /** rclone's error and fatal messages, oldest first (at most 20). */
    readonly messages: readonly string[],
    readonly commandError: CommandError,
  ) {
    super(`rclone ${commandError.args[0] ?? ''} failed (${problem}): ${messages.slice(-3).join(' | ') || commandError.message}`);
  }
}

/** The remote name of "name:path" (rclone's own rules: letters, digits, _ - . space). */
export function remoteName(remote: string): string {
  const i = remote.indexOf(':');
  return i > 0 ? remote.slice(0, i) : remote;
}

/** "name:path" + "/sub", without a double slash, and "name:" + "sub" for the root. */
export function remoteJoin(remote: string, sub: string): string {
  if (remote.endsWith(':') || remote.endsWith('/')) return `${remote}${sub}`;
  return `${remote}/${sub}`;
}

const common = (o: RcloneOptions) => ['--config', o.configPath, '--use-json-log', '--log-level', 'NOTICE'];

/** `rclone listremotes --long`: remote name → type (crypt, sftp, drive, ...). Lists names only, no secrets. */
export function parseListRemotes(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(.+?):\s+(\S+)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

interface Collected {
  messages: string[];
  last?: RcloneStats;
}

async function runCollecting(runner: Runner, args: string[], o: RcloneOptions, onStats?: (s: RcloneStats) => void, okExitCodes: number[] = [0]): Promise<Collected> {
  const c: Collected = { messages: [] };
  const split = lineSplitter((line) => {
    const p = parseRcloneLine(line);
    if (!p) return;
    if (p.kind === 'stats') {
      c.last = p.stats;
      onStats?.(p.stats);
    } else if (p.kind === 'fatal' || p.level === 'error' || p.level === 'critical') {
      c.messages.push(p.kind === 'log' && p.object ? `${p.object}: ${p.msg}` : p.msg);
      if (c.messages.length > 20) c.messages.shift();
    } else if (p.kind === 'log') {
      c.messages.push(p.msg);
      if (c.messages.length > 20) c.messages.shift();
    }
  });
  try {
    await runner('rclone', args, {
      timeoutMs: o.timeoutMs,
      ...(o.signal ? { signal: o.signal } : {}),
      // Stats every few seconds for hours: far more than the default cap; kept only as lines above.
      maxOutputBytes: 256 * 1024 * 1024,
      okExitCodes,
      onStderr: split.push,
    });
  } catch (err) {
    split.end();
    if (err instanceof CommandError && (err.failure === 'exit' || err.failure === 'signal')) throw new RcloneError(rcloneProblem(c.messages), c.messages, err);
    throw err;
  }
  split.end();
  return c;
}

/** The remotes in the config file (`rclone listremotes --long`). */
export async function listRemotes(runner: Runner, o: RcloneOptions): Promise<Map<string, string>> {
  const r = await runner('rclone', ['listremotes', '--long', '--config', o.configPath], { timeoutMs: 30_000, ...(o.signal ? { signal: o.signal } : {}) });
  return parseListRemotes(r.stdout);
}

export interface RcloneSyncOptions extends RcloneOptions {
  /** rclone --bwlimit value, e.g. "2M"; undefined = no limit. */
  bwlimit?: string;
  /** Seconds between stats lines. Default 5. */
  statsSec?: number;
  onStats?: (s: RcloneStats) => void;
}

/** The argument array of `rclone sync` (pure). */
export function rcloneSyncArgs(from: string, to: string, o: RcloneSyncOptions): string[] {
  return [
    'sync',
    from,
    to,
    ...common(o),
    '--stats',
    `${o.statsSec ?? 5}s`,
    '--stats-log-level',
    'NOTICE',
    // Retries happen in the job queue (with a backoff), not inside one run.
    '--retries',
    '1',
    '--low-level-retries',
    '3',
    ...(o.bwlimit ? ['--bwlimit', o.bwlimit] : []),
  ];
}

/** Makes `to` an exact copy of the folder `from` (transfers only what changed). Returns the final stats. */
export async function rcloneSync(runner: Runner, from: string, to: string, o: RcloneSyncOptions): Promise<RcloneStats | undefined> {
  return (await runCollecting(runner, rcloneSyncArgs(from, to, o), o, o.onStats)).last;
}

export interface CheckSummary {
  matched: boolean;
  differences: number;
  missing: number;
  matching: number;
  /** Files compared by size only (the remote keeps no hash in common, e.g. webdav). */
  notHashed: number;
  /** True when rclone said it could not use any hash. */
  noHash: boolean;
  /** The first differing files as rclone names them. */
  samples: string[];
}

/** Reads `rclone check` / `cryptcheck` log lines (pure). */
export function parseCheckLines(lines: readonly string[]): CheckSummary | undefined {
  const s: CheckSummary = { matched: false, differences: 0, missing: 0, matching: 0, notHashed: 0, noHash: false, samples: [] };
  let sawSummary = false;
  for (const line of lines) {
    const p = parseRcloneLine(line);
    if (!p || p.kind !== 'log') continue;
    let m: RegExpExecArray | null;
    if ((m = /^(\d+) differences found/.exec(p.msg))) {
      s.differences = Number(m[1]);
      sawSummary = true;
    } else if ((m = /^(\d+) files missing/.exec(p.msg))) s.missing += Number(m[1]);
    else if ((m = /^(\d+) matching files/.exec(p.msg))) s.matching = Number(m[1]);
    else if ((m = /^(\d+) hashes could not be checked/.exec(p.msg))) s.notHashed = Number(m[1]);
    else if (/No common hash found/.test(p.msg)) s.noHash = true;
    else if (p.level === 'error' && p.object && s.samples.length < 10) s.samples.push(`${p.object}: ${p.msg}`);
  }
  if (!sawSummary) return undefined;
  s.matched = s.differences === 0 && s.missing === 0;
  return s;
}

/** The error and fatal messages among rclone's log lines. */
function errorMessages(lines: readonly string[]): string[] {
  return lines.map(parseRcloneLine).flatMap((p) => (p?.kind === 'fatal' ? [p.msg] : p?.kind === 'log' && (p.level === 'error' || p.level === 'critical') ? [p.msg] : []));
}

/**
 * `rclone check` (or `cryptcheck` for a crypt remote, which compares the encrypted files'
 * checksums without downloading them): one-way, every file of `from` must be at `to`.
 */
export async function rcloneCheck(runner: Runner, from: string, to: string, o: RcloneOptions & { crypt: boolean }): Promise<CheckSummary> {
  const lines: string[] = [];
  const split = lineSplitter((l) => lines.push(l));
  const args = [o.crypt ? 'cryptcheck' : 'check', from, to, '--one-way', ...common(o)];
  try {
    // Exit 1 with a "differences found" line is an answer, not a failure.
    await runner('rclone', args, { timeoutMs: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}), okExitCodes: [0, 1], maxOutputBytes: 64 * 1024 * 1024, onStderr: split.push });
  } catch (err) {
    split.end();
    const msgs = errorMessages(lines);
    if (err instanceof CommandError) throw new RcloneError(rcloneProblem(msgs), msgs.slice(-20), err);
    throw err;
  }
  split.end();
  const summary = parseCheckLines(lines);
  if (!summary) {
    const msgs = errorMessages(lines);
    throw new RcloneError(rcloneProblem(msgs), msgs.slice(-20), new CommandError('rclone', args, 'exit', 1, undefined, msgs.slice(-3).join('\n'), '', 0));
  }
  return summary;
}
