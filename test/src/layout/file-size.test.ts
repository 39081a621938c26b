import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLongFiles, lineCount, MAX_LINES } from './file-size.js';
import { REPO_ROOT } from './repo-root.js';
import { isCheckedSource, readSourceTexts } from './source-files.js';

test(`no source file in apps/*/src or libs/*/src is over ${MAX_LINES} lines (tests and fixtures aside)`, () => {
  const long = findLongFiles(readSourceTexts(REPO_ROOT));
  assert.ok(long.length === 0, `files over ${MAX_LINES} lines (split them by responsibility):\n${long.map((f) => `${f.path}: ${f.lines}`).join('\n')}`);
});

test('a file is long from its 301st line; tests, type tests and fixtures are not counted', () => {
  const text = (n: number) => 'x\n'.repeat(n);
  assert.equal(lineCount(text(300)), 300);
  assert.equal(lineCount('a\nb'), 2);
  assert.deepEqual(findLongFiles([{ path: 'a.ts', text: text(300) }, { path: 'b.ts', text: text(301) }]), [{ path: 'b.ts', lines: 301 }]);
  assert.deepEqual(
    ['apps/bot/src/a.test.ts', 'libs/jobs/src/t.test-d.ts', 'test/src/fixtures/x.ts', 'apps/worker/src/fixtures/y.ts', 'apps/bot/src/b.d.ts', 'apps/bot/src/main.ts'].filter(isCheckedSource),
    ['apps/bot/src/main.ts'],
  );
});
