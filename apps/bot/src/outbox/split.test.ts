import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bold, html, htmlToText, pre, toHtml } from '@potion/jobs';
import { parseTelegramHtml } from '@potion/testkit';
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

test('a long log in <pre> is split into parts that are each valid HTML, still <pre>, within the shown-text limit', () => {
  const lines = Array.from({ length: 700 }, (_, i) => `10:04:${String(i % 60).padStart(2, '0')} WARN worker: a < b && c > d (${i})`);
  const markup = toHtml(html`📜 runtime.log\n${pre(lines.join('\n'))}`);
  const parts = splitText(markup);
  assert.ok(parts.length > 1, `${parts.length} parts`);
  const shown: string[] = [];
  for (const [i, p] of parts.entries()) {
    const parsed = parseTelegramHtml(p);
    assert.ok(parsed.ok, `part ${i} is refused by Telegram: ${parsed.ok ? '' : parsed.description}`);
    assert.ok(parsed.text.length <= TG_TEXT_LIMIT, `part ${i} shows ${parsed.text.length} characters`);
    assert.ok(parsed.entities.some((e) => e.type === 'pre'), `part ${i} keeps the log in <pre>`);
    shown.push(parsed.text);
  }
  assert.equal(shown.join('\n'), htmlToText(markup), 'nothing lost or doubled');
});

test('the limit counts the text after entities are parsed: 4000 escaped "&" fit in one message', () => {
  const markup = toHtml('&'.repeat(4000));
  assert.equal(markup.length, 4000 * '&amp;'.length);
  assert.deepEqual(splitText(markup), [markup]);
});

test('a hard cut never falls inside an entity or a tag', () => {
  const markup = toHtml(html`${bold('x'.repeat(TG_TEXT_LIMIT - 2))}${'&<>'}${'y'.repeat(50)}`);
  const parts = splitText(markup);
  assert.equal(parts.length, 2);
  for (const p of parts) assert.ok(parseTelegramHtml(p).ok, p.slice(-40));
  assert.equal(parts.map(htmlToText).join(''), htmlToText(markup));
});
