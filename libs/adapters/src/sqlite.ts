import { CommandError } from './command-error.js';
import type { Runner } from './runner.js';

/**
 * The `sqlite3` command line (Debian package sqlite3), always with `-bail -batch` and
 * `-init /dev/null` (no ~/.sqliterc of whoever runs it) and an argument array.
 */
const BASE = ['-bail', '-batch', '-init', '/dev/null'];

/** A SQL string literal: the text in single quotes, each quote doubled. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export interface SqliteDumpOptions {
  /** The live database (an absolute path to an existing file: sqlite3 would create a missing one). */
  db: string;
  /** Where the copy goes (must not exist). */
  dest: string;
  /** How long to wait for a lock held by another connection. */
  busyMs: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A consistent copy of a live SQLite database with `VACUUM INTO`: it reads the database in
 * one read transaction (WAL or rollback journal), so writers that commit meanwhile are either
 * wholly in the copy or not at all, and unlike the online backup API it never restarts
 * because of them. The copy is a plain rollback-journal file without -wal/-shm.
 */
export async function sqliteVacuumInto(runner: Runner, o: SqliteDumpOptions): Promise<void> {
  await runner('sqlite3', [...BASE, '-cmd', `.timeout ${Math.max(0, Math.round(o.busyMs))}`, o.db, `VACUUM INTO ${sqlString(o.dest)}`], {
    timeoutMs: o.timeoutMs ?? 6 * 3600_000,
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

/**
 * `PRAGMA integrity_check` of a database file opened read-only: `ok`, or SQLite's list of
 * problems (at most 10 lines).
 */
export async function sqliteIntegrityCheck(runner: Runner, db: string, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<{ ok: boolean; problems: string[] }> {
  const r = await runner('sqlite3', [...BASE, '-readonly', db, 'PRAGMA integrity_check(10)'], {
    timeoutMs: o.timeoutMs ?? 6 * 3600_000,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const lines = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return { ok: lines.length === 1 && lines[0] === 'ok', problems: lines[0] === 'ok' ? [] : lines };
}

/** SQLite's own words for why a sqlite3 run failed ("database is locked", "file is not a database"), or the error's. */
export function sqliteErrorText(err: unknown): string {
  if (err instanceof CommandError) {
    if (err.failure === 'not-found') return 'sqlite3 is not installed';
    const line = err.stderrTail
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .at(-1);
    if (line) return line.replace(/^(Parse error|Runtime error|Error)[^:]*:\s*/i, '').replace(/^stepping,\s*/, '').replace(/\s*\(\d+\)$/, '');
    return err.failure === 'timeout' ? 'timed out' : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
