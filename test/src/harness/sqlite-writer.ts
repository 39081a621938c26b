import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Rows per transaction: a copy holding a count that is not a multiple of it holds half a transaction. */
export const ROWS_PER_TX = 10;

/** The SQL for row n's payload: n as 8 digits, 1000 times (8000 characters, spread over overflow pages). */
const payloadSql = (n: string) => `replace(hex(zeroblob(1000)), '00', printf('%08d', ${n}))`;

/** One sqlite3 run on a database file (read-only), its rows of output. */
export function sqliteQuery(db: string, sql: string, readonly = true): string[] {
  const out = execFileSync('sqlite3', ['-bail', '-batch', '-init', '/dev/null', ...(readonly ? ['-readonly'] : []), db, sql], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.length > 0);
}

/**
 * A separate sqlite3 process committing rows to a WAL database (as n8n does) in a loop, one
 * transaction of ROWS_PER_TX rows after the other, as fast as it can. `committed` is the
 * number of rows the process reported committed (a transaction counts once sqlite3 answered
 * after its COMMIT).
 */
export class SqliteWriter {
  committed = 0;
  private proc: ChildProcessWithoutNullStreams;
  private stopping = false;
  private buf = '';
  private waiters: (() => void)[] = [];
  private finished: Promise<void>;
  private failure: Error | undefined;

  constructor(readonly db: string) {
    sqliteQuery(db, `PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t(n INTEGER PRIMARY KEY, tx INTEGER NOT NULL, payload TEXT NOT NULL);`, false);
    this.proc = spawn('sqlite3', ['-bail', '-batch', '-init', '/dev/null', db], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdin.write('.timeout 10000\n');
    this.committed = Number(sqliteQuery(db, 'SELECT count(*) FROM t')[0]);
    let stderr = '';
    this.proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    this.finished = new Promise((resolve) => {
      this.proc.on('exit', (code) => {
        if (!this.stopping) this.failure = new Error(`the writer stopped by itself (exit ${code}): ${stderr}`);
        resolve();
      });
    });
    this.proc.stdout.on('data', (b: Buffer) => this.onOutput(b.toString()));
    this.next();
  }

  private next(): void {
    if (this.stopping) return;
    const first = this.committed + 1;
    const tx = Math.ceil(first / ROWS_PER_TX);
    const rows = Array.from({ length: ROWS_PER_TX }, (_, i) => `(${first + i}, ${tx}, ${payloadSql(String(first + i))})`).join(',');
    this.proc.stdin.write(`BEGIN; INSERT INTO t(n, tx, payload) VALUES ${rows}; COMMIT; SELECT 'committed ' || max(n) FROM t;\n`);
  }

  private onOutput(text: string): void {
    this.buf += text;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      const m = /^committed (\d+)$/.exec(line);
      if (!m) continue;
      this.committed = Number(m[1]);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
      this.next();
    }
  }

  /** Resolves once at least `rows` rows are committed. */
  async until(rows: number): Promise<void> {
    while (this.committed < rows) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Stops after the transaction in flight; returns the rows committed in all. */
  async stop(): Promise<number> {
    this.stopping = true;
    this.proc.stdin.end();
    await this.finished;
    if (this.failure) throw this.failure;
    return Number(sqliteQuery(this.db, 'SELECT count(*) FROM t')[0]);
  }
}

/**
 * What a copy of the writer's database holds: integrity_check's answer, the row count, the
 * lowest and highest n, and how many rows have a payload that is not exactly their own.
 */
export function inspectCopy(db: string): { integrity: string; count: number; min: number; max: number; badPayloads: number } {
  const integrity = sqliteQuery(db, 'PRAGMA integrity_check').join('; ');
  const [count, min, max] = (sqliteQuery(db, 'SELECT count(*), ifnull(min(n), 0), ifnull(max(n), 0) FROM t')[0] ?? '').split('|').map(Number);
  const bad = Number(sqliteQuery(db, `SELECT count(*) FROM t WHERE payload IS NOT ${payloadSql('n')} OR length(payload) != 8000 OR tx != (n + ${ROWS_PER_TX - 1}) / ${ROWS_PER_TX}`)[0]);
  return { integrity, count: count ?? -1, min: min ?? -1, max: max ?? -1, badPayloads: bad };
}
