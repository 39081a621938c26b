import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureDashboardPassword, passwordFilePath } from './dashboard-password.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'potion-pw-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

test('with no DASHBOARD_PASSWORD a password is generated once, kept mode 600, and reused', (t) => {
  const dataDir = tempDir(t);
  const first = ensureDashboardPassword({ password: undefined, dataDir });
  assert.equal(first.created, true);
  assert.equal(first.file, passwordFilePath(dataDir));
  assert.ok(first.password.length >= 32);
  assert.equal(statSync(first.file!).mode & 0o777, 0o600);
  assert.equal(readFileSync(first.file!, 'utf8').trim(), first.password);
  const second = ensureDashboardPassword({ password: undefined, dataDir });
  assert.equal(second.created, false);
  assert.equal(second.password, first.password);
});

test('a password file readable by others is set back to mode 600', (t) => {
  const dataDir = tempDir(t);
  const { file } = ensureDashboardPassword({ password: undefined, dataDir });
  chmodSync(file!, 0o644);
  ensureDashboardPassword({ password: undefined, dataDir });
  assert.equal(statSync(file!).mode & 0o777, 0o600);
});

test('DASHBOARD_PASSWORD wins and no file is written', (t) => {
  const dataDir = tempDir(t);
  const pw = ensureDashboardPassword({ password: 'from-the-env-file', dataDir });
  assert.deepEqual(pw, { password: 'from-the-env-file', source: 'env', file: undefined, created: false });
  assert.throws(() => statSync(passwordFilePath(dataDir)));
});

test('a too-short password in the file is refused with the fix', (t) => {
  const dataDir = tempDir(t);
  ensureDashboardPassword({ password: undefined, dataDir });
  writeFileSync(passwordFilePath(dataDir), 'short\n');
  assert.throws(() => ensureDashboardPassword({ password: undefined, dataDir }), /delete the file/);
});
