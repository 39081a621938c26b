import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKernelMessage } from './kernel-log.js';
import { parseSshdMessage, parseSudoMessage } from './auth-log.js';
import { followArgs, readJournalSince } from './journal-follow.js';
import type { Runner } from './runner.js';
import { sample } from './sample.test-helper.js';

// journalctl-json-auth-kernel.txt: what this machine's journalctl (systemd 252) printed with
// `--file X -o json` for a journal file written by systemd-journal-remote from three entries
// (the messages in sshd's, sudo's and the kernel's formats): real field order, real cursors.
const printed = sample('journalctl-json-auth-kernel.txt');

function runnerPrinting(stdout: string, calls: string[][]): Runner {
  return async (command, args) => {
    calls.push([command, ...args]);
    return { command, args, exitCode: 0, stdout, stderr: '', durationMs: 1 };
  };
}

test('the arguments: json, a cursor or the last entries, sshd+sudo or the kernel', () => {
  assert.deepEqual(followArgs({ stream: 'auth', cursor: undefined }), ['-o', 'json', '--no-pager', '-q', '-n', '200', 'SYSLOG_IDENTIFIER=sshd', 'SYSLOG_IDENTIFIER=sshd-session', 'SYSLOG_IDENTIFIER=sudo']);
  assert.deepEqual(followArgs({ stream: 'kernel', cursor: 's=1;i=2' }), ['-o', 'json', '--no-pager', '-q', '--after-cursor', 's=1;i=2', '-k']);
});

test("real journalctl -o json lines: entries with their identifier, the last cursor, and the parsers' events", async () => {
  const calls: string[][] = [];
  const r = await readJournalSince(runnerPrinting(printed, calls), { stream: 'auth', cursor: 'old' });
  assert.equal(calls[0]?.[0], 'journalctl');
  assert.deepEqual(
    r.entries.map((e) => e.identifier),
    ['sshd', 'sudo', 'kernel'],
  );
  assert.equal(r.cursor, 's=88beb1d2544349d3ba407509e738bde4;i=3;b=0e3c6b5a9d8f47e2b1c0a9f8e7d6c5b4;m=3ea;t=661f1eeeb99e7;x=e4a0fdb148d475f');
  assert.equal(parseSshdMessage(r.entries[0]!.message)?.kind, 'login');
  assert.equal(parseSudoMessage(r.entries[1]!.message)?.kind, 'sudo');
  assert.equal(parseKernelMessage(r.entries[2]!.message)?.kind, 'oom');
});

test('nothing new keeps the cursor it was given', async () => {
  const r = await readJournalSince(runnerPrinting('', []), { stream: 'kernel', cursor: 's=1;i=9' });
  assert.deepEqual(r, { entries: [], cursor: 's=1;i=9' });
});
