import { parseJournalJson, type JournalEntry } from './journal-json.js';
import type { Runner, RunOptions } from './runner.js';

/** The journal streams the worker follows: sshd and sudo, or the kernel log. */
export type JournalStream = 'auth' | 'kernel';

/** sshd (OpenSSH 9.8+ logs as sshd-session) and sudo, OR-ed by journalctl (same field). */
export const AUTH_MATCHES = ['SYSLOG_IDENTIFIER=sshd', 'SYSLOG_IDENTIFIER=sshd-session', 'SYSLOG_IDENTIFIER=sudo'] as const;

export interface FollowOptions extends RunOptions {
  stream: JournalStream;
  /** The cursor after the last entry read; undefined: the last `firstLines` entries. */
  cursor: string | undefined;
  /** Entries read when there is no cursor yet (default 200). */
  firstLines?: number;
}

export interface FollowResult {
  entries: JournalEntry[];
  /** The cursor of the last entry read, or the one given when nothing was new. */
  cursor: string | undefined;
}

/** The journalctl arguments of one read (exported for the sudoers check and tests). */
export function followArgs(o: Pick<FollowOptions, 'stream' | 'cursor' | 'firstLines'>): string[] {
  const from = o.cursor ? ['--after-cursor', o.cursor] : ['-n', String(o.firstLines ?? 200)];
  const what = o.stream === 'kernel' ? ['-k'] : [...AUTH_MATCHES];
  return ['-o', 'json', '--no-pager', '-q', ...from, ...what];
}

/**
 * New entries of a stream since a cursor (`journalctl -o json --after-cursor C`), oldest
 * first. Lines that are not entries (a notice, a cut line) are skipped.
 */
export async function readJournalSince(run: Runner, o: FollowOptions): Promise<FollowResult> {
  const { stream: _s, cursor: _c, firstLines: _f, ...runOpts } = o;
  const r = await run('journalctl', followArgs(o), { timeoutMs: 20_000, ...runOpts });
  const entries: JournalEntry[] = [];
  for (const line of r.stdout.split('\n')) {
    const e = parseJournalJson(line);
    if (e) entries.push(e);
  }
  return { entries, cursor: entries.at(-1)?.cursor ?? o.cursor };
}
