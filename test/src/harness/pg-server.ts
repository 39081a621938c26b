import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of initdb/pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<n>/bin (newest). */
function pgBin(): string {
  for (const d of (process.env.PATH ?? '').split(':')) if (d && existsSync(join(d, 'initdb'))) return d;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: npm run setup installs the postgresql package');
  return join(base, versions.at(-1)!, 'bin');
}

export interface PgServer {
  /** PGHOST (a socket folder), PGPORT and PGUSER for pg_dump, psql, createdb. */
  env: Record<string, string>;
  psql: (db: string, sql: string) => string;
  stop: () => void;
}

/**
 * A private PostgreSQL cluster in a temp folder, listening only on a Unix socket there (no TCP
 * port), trust auth for the superuser `postgres`. Run as the postgres user when the test runs
 * as root (the server refuses root).
 */
export function startPgServer(): PgServer {
  const bin = pgBin();
  const root = mkdtempSync(join(tmpdir(), 'potion-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const sock = join(root, 'sock');
  mkdirSync(sock);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
    chownSync(sock, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, tool), asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync']);
  const port = '54329';
  run('pg_ctl', ['-D', data, '-w', '-l', join(root, 'server.log'), '-o', `-k ${sock} -p ${port} -c listen_addresses= -c fsync=off`, 'start']);
  const env = { PGHOST: sock, PGPORT: port, PGUSER: 'postgres' };
  return {
    env,
    psql: (db, sql) => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { encoding: 'utf8', env: { ...process.env, ...env } }).trim(),
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
