import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dmesgRestricted, parseDmesg } from './dmesg.js';
import { CommandError } from './command-error.js';
import { journalAccessLimited, parseJournal } from './journalctl.js';
import { sample } from './sample.test-helper.js';

test('short-iso journal lines split into time, source and message; boot markers are dropped', () => {
  const lines = parseJournal(sample('journal-n8n.txt'));
  assert.equal(lines.length, 4);
  assert.deepEqual(
    { time: lines[3]!.time, source: lines[3]!.source, message: lines[3]!.message },
    { time: '2026-11-25T10:12:02+0700', source: 'n8n[1187]', message: 'Error: connect ECONNREFUSED 127.0.0.1:5432' },
  );
});

test('a unit with no entries (or not found) gives no lines', () => {
  assert.deepEqual(parseJournal('-- No entries --\n'), []);
});

test('the hint for users outside systemd-journal is recognised', () => {
  assert.equal(journalAccessLimited('Hint: You are currently not seeing messages from other users and the system.\n'), true);
  assert.equal(journalAccessLimited(''), false);
});

test('dmesg -T lines keep their time and message', () => {
  const d = parseDmesg(sample('dmesg-T.txt'));
  assert.equal(d.length, 3);
  assert.equal(d[2]!.time, 'Wed Nov 25 09:58:12 2026');
  assert.equal(d[2]!.message, 'ata2.00: error: { UNC }');
});

test('a dmesg refused by dmesg_restrict is told apart from other failures', () => {
  const denied = new CommandError('dmesg', ['-T'], 'exit', 1, undefined, 'dmesg: read kernel buffer failed: Operation not permitted\n', '', 3);
  assert.equal(dmesgRestricted(denied), true);
  assert.equal(dmesgRestricted(new CommandError('dmesg', ['-T'], 'not-found', undefined, undefined, '', '', 1)), false);
});
