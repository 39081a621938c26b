import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'docs-jobs.mjs');
const DOC = join(REPO_ROOT, 'docs', 'ops-jobs.md');
const check = (file: string) => spawnSync(process.execPath, [SCRIPT, '--check', '--file', file], { encoding: 'utf8' });

test('docs/ops-jobs.md shows the job registry as npm run docs:jobs writes it', () => {
  const r = check(DOC);
  assert.equal(r.status, 0, r.stderr);
});

test('the docs check fails on a drifted row and on a file without its markers, naming what to do', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ops-jobs-doc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const drifted = join(dir, 'drifted.md');
  writeFileSync(drifted, readFileSync(DOC, 'utf8').replace('| `service.restart` | once | admin | yes |', '| `service.restart` | read | viewer |  |'));
  const r = check(drifted);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /differs from the job registry/);
  assert.match(r.stderr, /registry: {2}\| `service\.restart` \| once \| admin \| yes \|/);
  assert.match(r.stderr, /npm run docs:jobs/);

  const bare = join(dir, 'bare.md');
  writeFileSync(bare, '# Operations jobs\n');
  const b = check(bare);
  assert.notEqual(b.status, 0);
  assert.match(b.stderr, /needs the two marker lines/);
});
