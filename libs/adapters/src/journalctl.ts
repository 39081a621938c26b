import type { Runner, RunOptions } from './runner.js';

/** One journal line as `journalctl -o short-iso` prints it. */
export interface JournalLine {
  /** ISO-like time as printed (e.g. 2026-11-25T10:00:00+0700), or '' for a line without one. */
  time: string;
  /** "n8n[1234]" or "kernel". */
  source: string;
  message: string;
  /** The line as printed. */
  raw: string;
}

const SHORT_ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:[+-]\d{4}|Z)?)\s+(\S+)\s+([^:]+):\s?(.*)$/;

/**
 * Parses `journalctl -o short-iso` output. Drops journalctl's own notices: "-- No entries --",
 * "-- Boot 1a2b... --" separators, and the "Hint: You are currently not seeing messages..."
 * notice that a user outside the adm/systemd-journal groups gets.
 */
export function parseJournal(stdout: string): JournalLine[] {
  const out: JournalLine[] = [];
  for (const raw of stdout.split('\n')) {
    if (!raw.trim()) continue;
    if (/^-- .* --$/.test(raw.trim())) continue;
    const m = SHORT_ISO.exec(raw);
    if (m) out.push({ time: m[1]!, source: m[3]!, message: m[4] ?? '', raw });
    else out.push({ time: '', source: '', message: raw, raw });
  }
  return out;
}

/** True when journalctl said it hides other users' messages (the service user lacks a group). */
export function journalAccessLimited(stderr: string): boolean {
  return /not seeing messages from other users/i.test(stderr);
}

export interface JournalRead {
  lines: JournalLine[];
  /** journalctl hid system messages: the user should be in the systemd-journal group. */
  limited: boolean;
}

/** The last `lines` entries of one unit. `unit` must already be validated and whitelisted. */
export async function readUnitJournal(run: Runner, unit: string, lines: number, opts: RunOptions = {}): Promise<JournalRead> {
  const r = await run('journalctl', ['-u', unit, '-n', String(lines), '--no-pager', '-o', 'short-iso'], { timeoutMs: 20_000, ...opts });
  return { lines: parseJournal(r.stdout), limited: journalAccessLimited(r.stderr) };
}
