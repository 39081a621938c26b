import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRunner } from '@potion/adapters';
import type { Config } from '@potion/platform';
import { checkDumpSources } from './dumps.js';
import type { Finding } from './finding.js';

test('BACKUP_SQLITE: a database that opens is ok; a missing path and a file that is not a database are problems with their fix (real sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-doctor-dumps-'));
  try {
    const good = join(dir, 'good.sqlite');
    execFileSync('sqlite3', [good, 'CREATE TABLE t(v)']);
    const text = join(dir, 'text.sqlite');
    writeFileSync(text, 'hello\n'.repeat(200));
    const missing = join(dir, 'gone.sqlite');
    const config = { envFile: '/opt/potion-runner/.env', backup: { sqlite: [good, missing, text], pg: [] } } as unknown as Config;
    const out: Finding[] = [];
    await checkDumpSources(config, createRunner(), out);
    assert.deepEqual(out.map((f) => f.level), ['ok', 'problem', 'problem']);
    assert.equal(out[1]!.what, `BACKUP_SQLITE: ${missing} does not exist: every backup fails until it does`);
    assert.equal(out[2]!.what, `BACKUP_SQLITE: ${text} cannot be read: file is not a database`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
