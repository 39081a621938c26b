import type { Runner } from '@potion/adapters/runner';
import { parseJournalJson, type JournalEntry } from '@potion/adapters/journal-json';
import { relayLines, APP_PROCESSES } from './lines.js';

export interface RelayOptions {
  run: Runner;
  /** Where the relayed lines go (the umbrella unit's stdout, i.e. its journal). */
  write: (text: string) => void;
  /** Entries older than this (µs since the epoch) are not relayed: the previous run relayed them. */
  sinceUs: number;
  /** Ends the follow; the relay then prints what is left up to now and resolves. */
  signal: AbortSignal;
  /** Called for each relayed entry (the status line refreshes on systemd's messages). */
  onEntry?: (entry: JournalEntry) => void;
  /** Told when journalctl ended by itself (it is started again after `retryMs`). */
  onError?: (err: unknown) => void;
  /** Default 2000. */
  retryMs?: number;
}

const unitArgs = APP_PROCESSES.flatMap((p) => ['-u', p.unit]);

/**
 * Follows the journal of worker, bot and dashboard (`journalctl -f -o json -u ...`) and
 * writes each entry to the umbrella unit's own journal, so `journalctl -u potion-runner -f`
 * shows every process (journalctl -u matches the sender's own unit: a unit cannot include
 * another's lines; see docs/decisions/026). Resumes after its last cursor when journalctl ends.
 */
export async function relayJournal(opts: RelayOptions): Promise<void> {
  let cursor: string | undefined;
  let partial = '';
  const take = (chunk: string) => {
    const text = partial + chunk;
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const entry = parseJournalJson(line);
      if (!entry || entry.realtimeUs < opts.sinceUs || entry.cursor === cursor) continue;
      cursor = entry.cursor;
      const out = relayLines(entry);
      if (out.length) opts.write(`${out.join('\n')}\n`);
      opts.onEntry?.(entry);
    }
  };
  const from = () => (cursor ? ['--after-cursor', cursor] : ['--since', `@${Math.floor(opts.sinceUs / 1e6)}`]);
  while (!opts.signal.aborted) {
    partial = '';
    try {
      // timeoutMs 0: a follow never ends by itself; the signal ends it.
      await opts.run('journalctl', ['--follow', '--no-pager', '-o', 'json', ...from(), ...unitArgs], { timeoutMs: 0, signal: opts.signal, onStdout: take, stdoutTailOnly: true });
      if (!opts.signal.aborted) opts.onError?.(new Error('journalctl --follow ended'));
    } catch (err) {
      if (opts.signal.aborted) break;
      opts.onError?.(err);
    }
    if (opts.signal.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, opts.retryMs ?? 2000));
  }
  // Stopping: the processes were stopped first (they start after and stop before this unit);
  // their last lines may not have been read yet. Print everything after the last cursor.
  partial = '';
  try {
    await opts.run('journalctl', ['--no-pager', '-o', 'json', ...from(), ...unitArgs], { timeoutMs: 10_000, onStdout: take, stdoutTailOnly: true });
    take('\n');
  } catch (err) {
    opts.onError?.(err);
  }
}
