import type { Runner, RunOptions } from './runner.js';
import { CommandError } from './command-error.js';

/** Numbers from `rsync --stats`, in bytes or counts. */
export interface RsyncStats {
  files: number;
  regularFiles: number;
  dirs: number;
  createdFiles: number;
  deletedFiles: number;
  transferredFiles: number;
  totalSizeBytes: number;
  transferredSizeBytes: number;
  literalBytes: number;
}

/** One update of `--info=progress2`: whole-transfer totals so far. */
export interface RsyncProgress {
  bytes: number;
  percent: number;
  /** Files transferred so far (xfr#). */
  transferred: number;
  /** Files still to check and the total known so far (to-chk=a/b), when printed. */
  toCheck?: number;
  total?: number;
}

/** A file rsync named in an error or warning line. */
export interface RsyncProblem {
  path: string;
  reason: string;
}

export interface RsyncProblems {
  /** "file has vanished": it was deleted while rsync ran (exit 24). */
  vanished: string[];
  /** Files or folders rsync could not read or write (exit 23 and others). */
  failed: RsyncProblem[];
  /** The destination ran out of space. */
  noSpace: boolean;
}

const num = (s: string | undefined): number => (s ? Number(s.replace(/,/g, '')) : 0);

/** Parses the `--stats` block (rsync 3.2/3.3/3.4, as on Ubuntu 24.04). Missing lines read as 0. */
export function parseRsyncStats(text: string): RsyncStats {
  const grab = (re: RegExp): RegExpMatchArray | null => text.match(re);
  const files = grab(/^Number of files: ([\d,]+)(?: \(([^)]*)\))?/m);
  const kinds = new Map<string, number>();
  // "(reg: 1,000, dir: 234)": thousands separators are commas too, so split on ", kind:".
  for (const m of (files?.[2] ?? '').matchAll(/(\w+): ([\d,]+?)(?=, \w+:|$)/g)) kinds.set(m[1]!, num(m[2]));
  return {
    files: num(files?.[1]),
    regularFiles: kinds.get('reg') ?? 0,
    dirs: kinds.get('dir') ?? 0,
    createdFiles: num(grab(/^Number of created files: ([\d,]+)/m)?.[1]),
    deletedFiles: num(grab(/^Number of deleted files: ([\d,]+)/m)?.[1]),
    transferredFiles: num(grab(/^Number of regular files transferred: ([\d,]+)/m)?.[1]),
    totalSizeBytes: num(grab(/^Total file size: ([\d,]+) bytes/m)?.[1]),
    transferredSizeBytes: num(grab(/^Total transferred file size: ([\d,]+) bytes/m)?.[1]),
    literalBytes: num(grab(/^Literal data: ([\d,]+) bytes/m)?.[1]),
  };
}

const PROGRESS2 = /^\s*([\d,]+)\s+(\d+)%\s+\S+\s+\d+:\d\d:\d\d(?:\s+\(xfr#(\d+), (?:to|ir)-chk=(\d+)\/(\d+)\))?/;

/** One `%i %n` line: the itemize code (YXcstpoguax, or "*deleting"), a space, the name. */
const ITEM = /^([<>ch.*][fdLDS][ .+?a-zA-Z]{9}) (.+)$/s;

/**
 * Parses the newest `--info=progress2` update in a chunk of stdout. rsync separates updates
 * with "\r" and file names (--out-format) with "\n".
 */
export function parseProgress2(chunk: string): RsyncProgress | undefined {
  const parts = chunk.split(/[\r\n]/);
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const m = parts[i]!.match(PROGRESS2);
    if (!m) continue;
    return {
      bytes: num(m[1]),
      percent: Number(m[2]),
      transferred: num(m[3]),
      ...(m[4] !== undefined ? { toCheck: Number(m[4]), total: Number(m[5]) } : {}),
    };
  }
  return undefined;
}

/** Undoes rsync's `\#ooo` escaping of unprintable bytes in names it prints. */
export function unescapeRsyncName(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (!s.includes('\\#')) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0x5c && bytes[i + 1] === 0x23 && i + 4 < bytes.length) {
      const oct = bytes.subarray(i + 2, i + 5).toString('latin1');
      if (/^[0-7]{3}$/.test(oct)) {
        out.push(parseInt(oct, 8));
        i += 4;
        continue;
      }
    }
    out.push(bytes[i]!);
  }
  return Buffer.from(out);
}

/** Reads the files named in rsync's error and warning lines on stderr. */
export function parseRsyncProblems(stderr: string): RsyncProblems {
  const vanished: string[] = [];
  const failed: RsyncProblem[] = [];
  let noSpace = false;
  for (const line of stderr.split('\n')) {
    if (/No space left on device \(28\)|Disk quota exceeded \(122\)/.test(line)) noSpace = true;
    const v = line.match(/^file has vanished: "(.*)"\s*$/);
    if (v) {
      vanished.push(v[1]!);
      continue;
    }
    const f = line.match(/^rsync: (?:\[\w+\] )?(.*?) "(.*)"(?: failed)?: (.+?)(?: \(\d+\))?\s*$/);
    if (f && !line.startsWith('rsync error:')) failed.push({ path: f[2]!, reason: `${f[1]!.trim()}: ${f[3]!}` });
  }
  return { vanished, failed, noSpace };
}

export interface RsyncOptions {
  /** Source paths (absolute). With `relative` each keeps its full path under `dest`. */
  sources: readonly string[];
  /** Destination folder; a trailing slash is added. */
  dest: string;
  /** Hard-link unchanged files to this earlier copy (`--link-dest`, absolute). */
  linkDest?: string;
  /** `--delete`: remove files in dest that are gone from the source. Default true. */
  delete?: boolean;
  /** `-R`: keep full source paths. Default false. */
  relative?: boolean;
  /** rsync filter patterns passed as `--exclude=`. Excluded files are also kept from deletion. */
  excludes?: readonly string[];
  /** `--include=` patterns, given before the excludes (to keep e.g. `.env.example`). */
  includes?: readonly string[];
  /**
   * Every item of the transfer as rsync itemizes it (`-ii --out-format='%i %n'`): unchanged,
   * hard-linked (`hf`), received (`>f`), created folders (`cd`)... `item` is the 11-letter
   * YXcstpoguax code (or "*deleting"), `name` the raw bytes, relative to the transfer root.
   */
  onItem?: (item: string, name: Buffer) => void;
  onProgress?: (p: RsyncProgress) => void;
  /** `--checksum`: compare contents, not size and mtime (restore: byte-identical matters more than speed). */
  checksum?: boolean;
  /** Extra arguments placed before the sources (e.g. `--dry-run`). */
  extraArgs?: readonly string[];
  /** Default: 24 h. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RsyncResult {
  /** 0 = everything copied; 23 = some files not transferred; 24 = some files vanished. */
  exitCode: number;
  outcome: 'ok' | 'partial' | 'vanished';
  stats: RsyncStats;
  problems: RsyncProblems;
  durationMs: number;
  stderr: string;
}

export function buildRsyncArgs(o: RsyncOptions): string[] {
  // --modify-window=-1: compare mtimes to the nanosecond, so a file rewritten within the same
  // second with the same size is not taken as unchanged (and not hard-linked to a stale copy).
  const args = ['-a', '--numeric-ids', '--modify-window=-1', '--info=progress2', '--stats'];
  if (o.checksum) args.push('--checksum');
  if (o.onItem) args.push('-ii', '--out-format=%i %n');
  if (o.delete !== false) args.push('--delete');
  if (o.relative) args.push('--relative');
  if (o.linkDest) args.push(`--link-dest=${o.linkDest}`);
  for (const p of o.includes ?? []) args.push(`--include=${p}`);
  for (const p of o.excludes ?? []) args.push(`--exclude=${p}`);
  args.push(...(o.extraArgs ?? []));
  // "--" ends the options: a source named "-x" stays a path.
  args.push('--', ...o.sources, o.dest.endsWith('/') ? o.dest : `${o.dest}/`);
  return args;
}

/**
 * Runs rsync with an argument array and reads its progress, stats and problems. Exit codes
 * 23 and 24 are returned as outcomes that name the files (the caller decides whether that is
 * a failure or a warning); any other non-zero exit throws the runner's CommandError.
 */
export async function runRsync(run: Runner, o: RsyncOptions): Promise<RsyncResult> {
  const args = buildRsyncArgs(o);
  let pending = '';
  const opts: RunOptions = {
    timeoutMs: o.timeoutMs ?? 24 * 3600_000,
    maxOutputBytes: 256 * 1024 * 1024,
    okExitCodes: [0, 23, 24],
    ...(o.signal ? { signal: o.signal } : {}),
    // Every entry is itemized: a large tree must not hit the output cap; the --stats block
    // needed below is at the end.
    ...(o.onItem ? { stdoutTailOnly: true } : {}),
  };
  if (o.onProgress || o.onItem) {
    opts.onStdout = (chunk) => {
      const text = pending + chunk;
      const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      pending = text.slice(cut + 1);
      const complete = text.slice(0, cut + 1);
      if (o.onProgress) {
        const p = parseProgress2(complete);
        if (p) o.onProgress(p);
      }
      if (o.onItem) {
        for (const line of complete.split('\n')) {
          const m = ITEM.exec(line.replace(/^.*\r/, ''));
          if (m) o.onItem(m[1]!, unescapeRsyncName(m[2]!));
        }
      }
    };
  }
  const r = await run('rsync', args, opts);
  const problems = parseRsyncProblems(r.stderr);
  const outcome = r.exitCode === 0 ? 'ok' : r.exitCode === 24 ? 'vanished' : 'partial';
  return { exitCode: r.exitCode, outcome, stats: parseRsyncStats(r.stdout), problems, durationMs: r.durationMs, stderr: r.stderr };
}

/** True when a failed rsync ran out of space on the destination. */
export function isNoSpaceError(err: unknown): boolean {
  return err instanceof CommandError && /No space left on device|Disk quota exceeded/.test(err.stderrTail);
}

/** `rsync --version` first line, e.g. "rsync  version 3.2.7  protocol version 31". */
export async function rsyncVersion(run: Runner): Promise<string> {
  const r = await run('rsync', ['--version'], { timeoutMs: 10_000 });
  return (r.stdout.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
}
