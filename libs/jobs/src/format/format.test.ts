import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration } from './duration.js';
import { bold, code, html, Html, joinHtml, pre, toHtml } from './html.js';
import { htmlToText } from './html-parse.js';
import { size } from './size.js';
import { clock, dayTime, localDay, zoneOffsetMs, zonedToUtc } from './time.js';

const AT = Date.UTC(2026, 11, 5, 23, 30, 15); // 2026-12-05 23:30:15 UTC

test('times follow the time zone they are given', () => {
  assert.equal(clock(AT, 'UTC'), '23:30');
  assert.equal(clock(AT, 'Asia/Makassar'), '07:30');
  assert.equal(clock(AT, 'Asia/Makassar', { date: true }), '06/12 07:30');
  assert.equal(clock(AT, 'Asia/Makassar', { seconds: true }), '07:30:15');
  assert.equal(localDay(AT, 'UTC'), '2026-12-05');
  assert.equal(localDay(AT, 'Asia/Makassar'), '2026-12-06');
  assert.match(dayTime(AT, 'Asia/Makassar'), /6 Des.*07[.:]30/);
  assert.equal(zoneOffsetMs(AT, 'Asia/Makassar'), 8 * 3600_000);
  assert.equal(zonedToUtc(2026, 12, 6, 7, 30, 'Asia/Makassar'), Date.UTC(2026, 11, 5, 23, 30));
});

test('one size style: binary units with the Indonesian decimal comma', () => {
  assert.equal(size(512), '512 B');
  assert.equal(size(1.5 * 1024 ** 3), '1,5 GB');
  assert.equal(size(230 * 1024 ** 3), '230 GB');
  assert.equal(size(3 * 1024 ** 2 + 100), '3,0 MB');
});

test('one duration wording', () => {
  assert.equal(duration(45_000), '45 detik');
  assert.equal(duration(12 * 60_000), '12 menit');
  assert.equal(duration(2 * 3600_000), '2 jam');
  assert.equal(duration(2 * 3600_000 + 5 * 60_000), '2 jam 5 menit');
  assert.equal(duration(3 * 86400_000 + 4 * 3600_000), '3 hari 4 jam');
  assert.equal(duration(192_000, { seconds: true }), '3 menit 12 detik');
});

test('html escapes every interpolated plain text and keeps markup it is given', () => {
  const typed = '<b>a & b</b>';
  const m = html`🔍 ${bold(typed)} di ${code('/var/log')}:\n${pre('x < y')}`;
  assert.equal(m.markup, '🔍 <b>&lt;b&gt;a &amp; b&lt;/b&gt;</b> di <code>/var/log</code>:\n<pre>x &lt; y</pre>');
  assert.equal(htmlToText(m.markup), '🔍 <b>a & b</b> di /var/log:\nx < y');
  assert.equal(toHtml('1 < 2'), '1 &lt; 2');
  assert.equal(toHtml(Html.trusted('<b>x</b>')), '<b>x</b>');
  assert.equal(joinHtml(['a&b', bold('c')]).markup, 'a&amp;b\n<b>c</b>');
});
