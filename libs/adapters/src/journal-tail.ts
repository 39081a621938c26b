import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { followArgs, type JournalStream } from './journal-follow.js';
import { parseJournalJson, type JournalEntry } from './journal-json.js';

export interface TailOptions {
  stream: JournalStream;
  /** Follow from after this entry; undefined: the last `firstLines` entries, then new ones. */
  cursor: string | undefined;
  firstLines?: number;
  /** Environment of the child. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** New entries, oldest first, in the batches they arrived in (at most one call per `batchMs`). */
  onEntries: (entries: JournalEntry[]) => void;
  /** The child ended (or could not start): its exit code (null: killed or not started) and stderr's tail. */
  onExit: (code: number | null, stderrTail: string) => void;
  /** How long lines are gathered before onEntries (a burst of lines is one batch). Default 50 ms. */
  batchMs?: number;
}

export interface JournalTail {
  /** The child's pid (undefined: it did not start). */
  pid: number | undefined;
  stop: () => void;
}

/** The journalctl arguments of a follower: those of one read plus `-f` (exported for tests and sudoers). */
export const tailArgs = (o: Pick<TailOptions, 'stream' | 'cursor' | 'firstLines'>): string[] => ['-f', ...followArgs(o)];

/**
 * One long-running `journalctl -f -o json` child instead of a read every minute (a fork of
 * the worker each time): parses each line as journalctl writes it and hands new entries on.
 */
export function tailJournal(o: TailOptions): JournalTail {
  const child = spawn('journalctl', tailArgs(o), { env: { ...(o.env ?? process.env), LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let pending: JournalEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const flush = () => {
    timer = undefined;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    o.onEntries(batch);
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    const e = parseJournalJson(line);
    if (!e) return;
    pending.push(e);
    timer ??= setTimeout(flush, o.batchMs ?? 50);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-2000);
  });
  const end = (code: number | null) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    flush();
    o.onExit(code, stderr);
  };
  child.on('error', (err) => {
    stderr = (stderr + String(err.message)).slice(-2000);
    end(null);
  });
  child.on('close', (code) => end(code));
  return { pid: child.pid, stop: () => void child.kill('SIGTERM') };
}
