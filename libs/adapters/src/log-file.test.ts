import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { matchLiteral, readTailLines } from './log-file.js';

const LINES = [
  'error: disk full',
  'ERROR in step $(reboot)',
  'value .* matched',
  'path C:\\temp [x] (y) {z} ^a$ |b| +c? ',
  'a;reboot && rm -rf / `id`',
  'kopi ☕ siap',
  'nothing here',
];

test('matching is literal and case-insensitive: regex and shell metacharacters are plain text', () => {
  assert.deepEqual(matchLiteral(LINES, 'error'), ['error: disk full', 'ERROR in step $(reboot)']);
  assert.deepEqual(matchLiteral(LINES, '.*'), ['value .* matched']);
  assert.deepEqual(matchLiteral(LINES, '$(reboot)'), ['ERROR in step $(reboot)']);
  assert.deepEqual(matchLiteral(LINES, '[x] (y) {z} ^a$ |b| +c?'), [LINES[3]]);
  assert.deepEqual(matchLiteral(LINES, 'C:\\temp'), [LINES[3]]);
  assert.deepEqual(matchLiteral(LINES, ';reboot && rm -rf / `id`'), [LINES[4]]);
  assert.deepEqual(matchLiteral(LINES, '☕'), ['kopi ☕ siap']);
  assert.deepEqual(matchLiteral(LINES, '(('), []);
  assert.deepEqual(matchLiteral(LINES, ''), []);
});

test('readTailLines reads only the end of a big file and drops the cut first line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-tail-'));
  try {
    const f = join(dir, 'runtime.log');
    writeFileSync(f, Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    assert.deepEqual(await readTailLines(f, 3), ['line 4997', 'line 4998', 'line 4999']);
    const few = await readTailLines(f, 1000, 100);
    assert.ok(few.length < 20 && few.every((l) => /^line \d+$/.test(l)), 'only whole lines from the last 100 bytes');
    assert.deepEqual(await readTailLines(join(dir, 'missing.log'), 10), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
