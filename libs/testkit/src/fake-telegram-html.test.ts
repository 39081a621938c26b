import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTelegramHtml } from './fake-telegram-html.js';

const refused = (src: string) => {
  const r = parseTelegramHtml(src);
  assert.ok(!r.ok, `refused: ${src}`);
  assert.match(r.description, /^Bad Request: can't parse entities: /);
  return r.description;
};

test('bold, code and pre become entities; the text is what the user sees', () => {
  const r = parseTelegramHtml('Balas <b>YA</b> lalu <code>sudo mount -a</code>\n<pre>a &lt; b &amp;&amp; c</pre>');
  assert.ok(r.ok);
  assert.equal(r.text, 'Balas YA lalu sudo mount -a\na < b && c');
  assert.deepEqual(
    r.entities.map((e) => [e.type, r.text.slice(e.offset, e.offset + e.length)]),
    [
      ['bold', 'YA'],
      ['code', 'sudo mount -a'],
      ['pre', 'a < b && c'],
    ],
  );
});

test('Telegram refuses unknown tags, unclosed or crossed tags, a bare "<" and a "&" that is no entity', () => {
  assert.match(refused('<service> mati'), /Unsupported start tag "service"/);
  assert.match(refused('/logs <service>'), /Unsupported start tag/);
  assert.match(refused('<b>YA'), /Can't find end tag corresponding to start tag "b"/);
  assert.match(refused('<b><i>x</b></i>'), /Unmatched end tag/);
  assert.match(refused('x</b>'), /Unexpected end tag/);
  refused('a < b');
  refused('a <');
  refused('Tom & Jerry');
  refused('&nbsp;');
  refused('<code><b>x</b></code>');
});

test('numeric entities and a bare ">" are accepted', () => {
  const r = parseTelegramHtml('&#60;&#x3E; -> ok');
  assert.ok(r.ok);
  assert.equal(r.text, '<> -> ok');
});
