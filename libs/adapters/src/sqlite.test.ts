import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRunner } from './runner.js';
import { sqliteErrorText, sqliteIntegrityCheck, sqliteVacuumInto } from './sqlite.js';

describe('sqlite3 wrappers (real sqlite3)', () => {
  const root = mkdtempSync(join(tmpdir(), 'potion-sqlite-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const runner = createRunner();

  it("copies into a folder whose name has a quote, a space and a semicolon (the SQL literal is quoted, not pasted)", async () => {
    const dir = join(root, "it's a; folder");
    mkdirSync(dir);
    const db = join(dir, 'live.sqlite');
    execFileSync('sqlite3', [db, "PRAGMA journal_mode=WAL; CREATE TABLE t(v); INSERT INTO t VALUES ('a'), ('b');"]);
    const dest = join(dir, "copy 'one'.sqlite");
    await sqliteVacuumInto(runner, { db, dest, busyMs: 1000 });
    assert.deepEqual(await sqliteIntegrityCheck(runner, dest), { ok: true, problems: [] });
    assert.equal(execFileSync('sqlite3', ['-readonly', dest, 'SELECT group_concat(v) FROM t'], { encoding: 'utf8' }).trim(), 'a,b');
  });

  it("gives SQLite's own reason without the CLI's prefixes", async () => {
    const bad = join(root, 'text.sqlite');
    writeFileSync(bad, 'not a database at all\n'.repeat(100));
    const err = await sqliteVacuumInto(runner, { db: bad, dest: join(root, 'x.sqlite'), busyMs: 100 }).catch((e: unknown) => e);
    assert.equal(sqliteErrorText(err), 'file is not a database');
  });
});
