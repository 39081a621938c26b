import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJournalJson } from './journal-json.js';

const base = { __CURSOR: 's=1;i=2', __REALTIME_TIMESTAMP: '1765000000123456' };

test("a service's own line: its unit, message, priority, time and cursor", () => {
  const e = parseJournalJson(JSON.stringify({ ...base, MESSAGE: '{"msg":"ready"}', PRIORITY: '6', _SYSTEMD_UNIT: 'potion-runner-worker.service', _PID: '901' }));
  assert.deepEqual(e, { unit: 'potion-runner-worker.service', message: '{"msg":"ready"}', priority: 6, realtimeUs: 1765000000123456, cursor: 's=1;i=2', pid: 901 });
});

test("systemd's message about a unit is about UNIT=, not the sender (init.scope)", () => {
  const e = parseJournalJson(JSON.stringify({ ...base, MESSAGE: 'potion-runner-bot.service: Watchdog timeout (limit 1min)!', PRIORITY: '2', UNIT: 'potion-runner-bot.service', _SYSTEMD_UNIT: 'init.scope', _PID: '1' }));
  assert.equal(e?.unit, 'potion-runner-bot.service');
  assert.equal(e?.priority, 2);
});

test('a message journalctl wrote as bytes (not UTF-8 text) is decoded; no MESSAGE is an empty one', () => {
  assert.equal(parseJournalJson(JSON.stringify({ ...base, MESSAGE: [104, 105, 10, 0x1b] }))?.message, 'hi\n\u001b');
  assert.equal(parseJournalJson(JSON.stringify(base))?.message, '');
});

test('anything else is not an entry: text, broken JSON, a missing cursor, a bad priority', () => {
  assert.equal(parseJournalJson('-- No entries --'), undefined);
  assert.equal(parseJournalJson('{"__CURSOR":'), undefined);
  assert.equal(parseJournalJson(JSON.stringify({ MESSAGE: 'x', __REALTIME_TIMESTAMP: '1' })), undefined);
  assert.equal(parseJournalJson(JSON.stringify({ ...base, PRIORITY: '9' })), undefined);
});
