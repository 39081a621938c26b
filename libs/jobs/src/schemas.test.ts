import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobPayloadError } from './errors.js';
import { parsePayload } from './envelope.js';
import { hostTarget, searchWord, unitName } from './schemas.js';
import { payloadErrorText } from './user-errors.js';

const HOSTILE_UNITS = ['-H evil', '--unit=x.service', '../x', '../x.service', '/etc/passwd', 'a;reboot', 'a;reboot.service', 'n8n.service;reboot', '$(reboot).service', 'x'.repeat(10_240), 'n8n\uD800.service', 'n8n\uFFFD.service', '🙂.service', 'n8n .service', '', 'n8n'];

test('unit names that could be options, paths, shell text, huge, broken or emoji are refused', () => {
  for (const u of HOSTILE_UNITS) assert.equal(unitName.safeParse(u).success, false, JSON.stringify(u.slice(0, 20)));
  for (const u of ['n8n.service', 'cloudflared.service', 'getty@tty1.service', 'potion-worker.service', 'backup.timer']) assert.equal(unitName.safeParse(u).success, true, u);
});

test('search words keep metacharacters but refuse control characters, broken UTF-8 and 10 kB strings', () => {
  for (const w of ['error', '.*', '$(reboot)', 'a;reboot', '`id`', '[', '\\', "' OR 1=1 --", '-e', '☕', 'gagal koneksi']) assert.equal(searchWord.safeParse(w).success, true, w);
  for (const w of ['', '   ', 'a\u0000b', 'a\nb', 'a\tb', 'bad\uD800', '\uDC00x', '\uFFFD', 'x'.repeat(101), 'x'.repeat(10_240)]) assert.equal(searchWord.safeParse(w).success, false, JSON.stringify(w.slice(0, 10)));
});

test('search words with bidi overrides, isolates or marks are refused (they would reorder what the user reads back)', () => {
  for (const w of ['\u202Egnp.exe', 'a\u202Ab', 'a\u202Bb', 'a\u202Cb', 'a\u202Db', 'a\u2066b', 'a\u2067b', 'a\u2068b', 'a\u2069b', 'a\u200Eb', 'a\u200Fb', 'a\u061Cb', 'a\u2028b', 'a\u2029b']) {
    assert.equal(searchWord.safeParse(w).success, false, JSON.stringify(w));
  }
  assert.equal(searchWord.safeParse('👨\u200D👩').success, true, 'a zero-width joiner inside an emoji is fine');
});

test('ping targets are host names or addresses, never options', () => {
  for (const t of ['1.1.1.1', 'google.com', '2606:4700:4700::1111', 'router.lan']) assert.equal(hostTarget.safeParse(t).success, true, t);
  for (const t of ['-f', '-c 1000', '1.1.1.1 -f', 'a;b', '$(id)', 'x'.repeat(300)]) assert.equal(hostTarget.safeParse(t).success, false, t);
});

test('a bad payload becomes one Indonesian sentence naming the field, without echoing the value', () => {
  let err: unknown;
  try {
    parsePayload('logs.tail', { source: 'journal', unit: '-H evil' });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof JobPayloadError);
  const text = payloadErrorText(err);
  assert.match(text, /^Permintaan ini aku tolak ❌: nama service tidak valid/);
  assert.doesNotMatch(text, /evil/);
  assert.throws(() => parsePayload('logs.search', { source: 'runtime', word: 'a\u0000' }), (e: unknown) => e instanceof JobPayloadError && /kata pencarian/.test(payloadErrorText(e)));
});

test('logs payloads need a unit for the journal and only there', () => {
  assert.throws(() => parsePayload('logs.tail', { source: 'journal' }));
  assert.throws(() => parsePayload('logs.tail', { source: 'dmesg', unit: 'n8n.service' }));
  assert.deepEqual(parsePayload('logs.tail', { source: 'journal', unit: 'n8n.service', lines: 50 }), { source: 'journal', unit: 'n8n.service', lines: 50 });
});
