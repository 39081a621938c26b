import { CommandError } from './command-error.js';
import type { Runner } from './runner.js';

/** A PostgreSQL database name as BACKUP_PG takes it (never a connection string: no "=", no "/"). */
export const PG_DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

export interface PgDumpOptions {
  /** The database name (PG_DATABASE_NAME). */
  db: string;
  /** Where the dump goes (custom format). */
  dest: string;
  /** How long pg_dump waits for a table lock another session holds. */
  lockWaitMs: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `pg_dump --format=custom` of one database: one consistent snapshot (a repeatable-read
 * transaction). Connects as the worker's own user over the local socket unless PGHOST,
 * PGPORT or PGUSER in the environment say otherwise; never asks for a password.
 */
export async function pgDump(runner: Runner, o: PgDumpOptions): Promise<void> {
  if (!PG_DATABASE_NAME.test(o.db)) throw new Error(`not a database name: ${JSON.stringify(o.db)}`);
  await runner('pg_dump', ['--format=custom', '--no-password', `--lock-wait-timeout=${Math.max(1, Math.round(o.lockWaitMs))}`, `--file=${o.dest}`, `--dbname=${o.db}`], {
    timeoutMs: o.timeoutMs ?? 6 * 3600_000,
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

/** `pg_restore --list` of a custom-format dump: reads its whole table of contents; the number of entries. */
export async function pgDumpEntries(runner: Runner, dump: string, o: { signal?: AbortSignal } = {}): Promise<number> {
  const r = await runner('pg_restore', ['--list', dump], { timeoutMs: 30 * 60_000, ...(o.signal ? { signal: o.signal } : {}) });
  return r.stdout.split('\n').filter((l) => /^\d+;/.test(l)).length;
}

/** pg_dump's own words for why it failed, or the error's. */
export function pgErrorText(err: unknown): string {
  if (err instanceof CommandError) {
    if (err.failure === 'not-found') return `${err.command} is not installed`;
    const lines = err.stderrTail
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    const line = lines.find((l) => /FATAL|error:/i.test(l)) ?? lines.at(-1);
    if (line) return line.replace(/^(pg_dump|pg_restore):\s*(error:\s*)?/, '').replace(/\s+/g, ' ');
    return err.failure === 'timeout' ? 'timed out' : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
