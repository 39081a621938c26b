import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitText, TG_TEXT_LIMIT } from './split.js';

test('a short text stays one part', () => {
  assert.deepEqual(splitText('halo'), ['halo']);
});

test('a long text is split at newlines into parts Telegram accepts, losing nothing', () => {
  const lines = Array.from({ length: 900 }, (_, i) => `baris ${i} ${'x'.repeat(i % 17)}`);
  const text = lines.join('\n');
  const parts = splitText(text);
  assert.ok(parts.length > 1);
  for (const p of parts) assert.ok(p.length <= TG_TEXT_LIMIT, `part of ${p.length}`);
  assert.equal(parts.join('\n'), text);
});

test('a text without spaces is cut hard but never inside an emoji', () => {
  const text = 'a'.repeat(TG_TEXT_LIMIT - 1) + '😀' + 'b'.repeat(10);
  const parts = splitText(text);
  assert.equal(parts.join(''), text);
  assert.ok(parts.every((p) => p.length <= TG_TEXT_LIMIT));
  assert.ok(!/[\ud800-\udbff]$/.test(parts[0]!));
});
