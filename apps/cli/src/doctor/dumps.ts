import { existsSync } from 'node:fs';
import { pgErrorText, sqliteErrorText, type Runner } from '@potion/adapters';
import type { Config } from '@potion/platform';
import { ok, problem, type Finding } from './finding.js';

/**
 * BACKUP_SQLITE and BACKUP_PG, checked the way the backup will use them (as the user the
 * doctor runs as: `sudo -u potion ... doctor`): each SQLite file opened read-only by sqlite3,
 * each PostgreSQL database reached by pg_dump (schema only, to /dev/null). A database the
 * backup cannot dump fails every backup, so each is a problem with its fix.
 */
export async function checkDumpSources(c: Config, run: Runner, out: Finding[]): Promise<void> {
  for (const db of c.backup.sqlite ?? []) {
    if (!existsSync(db)) {
      out.push(problem(`BACKUP_SQLITE: ${db} does not exist: every backup fails until it does`, `correct the path in BACKUP_SQLITE (${c.envFile}) or remove it`));
      continue;
    }
    try {
      await run('sqlite3', ['-bail', '-batch', '-init', '/dev/null', '-readonly', db, 'PRAGMA schema_version'], { timeoutMs: 30_000 });
      out.push(ok(`BACKUP_SQLITE: ${db} opens`));
    } catch (err) {
      const why = sqliteErrorText(err);
      const fix = /not installed/.test(why) ? 'sudo apt install sqlite3' : /unable to open|permission/i.test(why) ? `let the service user read it and its folder, e.g. sudo setfacl -m u:potion:rX ${db}` : 'check the database (sqlite3 PATH "PRAGMA integrity_check")';
      out.push(problem(`BACKUP_SQLITE: ${db} cannot be read: ${why}`, fix));
    }
  }
  for (const name of c.backup.pg ?? []) {
    try {
      await run('pg_dump', ['--schema-only', '--no-password', '--file=/dev/null', `--dbname=${name}`], { timeoutMs: 60_000 });
      out.push(ok(`BACKUP_PG: ${name} can be dumped`));
    } catch (err) {
      const why = pgErrorText(err);
      const fix = /not installed/.test(why) ? 'sudo apt install postgresql-client' : `sudo -u postgres createuser potion; sudo -u postgres psql -c "GRANT pg_read_all_data TO potion" (or correct the name in BACKUP_PG)`;
      out.push(problem(`BACKUP_PG: ${name} cannot be dumped: ${why}`, fix));
    }
  }
}
