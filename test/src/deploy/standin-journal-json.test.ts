import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { createStandins, STANDIN_BIN } from '@potion/testkit';

// The journalctl stand-in's `-o json` entries are a claim about the real tool: compared with
// what this machine's journalctl (systemd 252) printed for a journal file written by
// systemd-journal-remote (libs/adapters/samples/journalctl-json-auth-kernel.txt).
const real = readFileSync(fileURLToPath(new URL('../../../libs/adapters/samples/journalctl-json-auth-kernel.txt', import.meta.url)), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const standins = createStandins();
after(() => standins.cleanup());

const journalctl = (args: readonly string[]) => spawnSync(join(STANDIN_BIN, 'journalctl'), [...args], { encoding: 'utf8', env: { ...process.env, ...standins.env } });
const CURSOR = /^s=[0-9a-f]{32};i=[0-9a-f]+;b=[0-9a-f]{32};m=[0-9a-f]+;t=[0-9a-f]+;x=[0-9a-f]+$/;

test('entries have the fields and value types of real journalctl -o json, cursors of the same form', () => {
  standins.journalJson('auth', [{ message: 'Accepted password for budi from 10.0.0.5 port 1 ssh2', identifier: 'sshd', atMs: 1_796_541_583_694 }]);
  standins.journalJson('kernel', [{ message: 'EXT4-fs (sda1): Remounting filesystem read-only', identifier: 'kernel', atMs: 1_796_541_583_695 }]);
  const auth = journalctl(['-o', 'json', '--no-pager', '-q', '-n', '200', 'SYSLOG_IDENTIFIER=sshd', 'SYSLOG_IDENTIFIER=sudo']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const kernel = journalctl(['-o', 'json', '--no-pager', '-q', '-n', '200', '-k']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const [ours, theirs] of [
    [auth[0]!, real[0]!],
    [kernel[0]!, real[2]!],
  ] as const) {
    for (const k of Object.keys(theirs)) assert.ok(k in ours, `stand-in entry lacks ${k}`);
    for (const v of Object.values(ours)) assert.equal(typeof v, 'string');
    assert.match(String(theirs.__CURSOR), CURSOR);
    assert.match(String(ours.__CURSOR), CURSOR);
    assert.match(String(ours.__REALTIME_TIMESTAMP), /^\d{16}$/);
  }
});

test('--after-cursor prints only the later entries; an unknown cursor fails like journalctl', () => {
  standins.journalJson('auth', [{ message: 'Failed password for root from 203.0.113.9 port 2 ssh2', identifier: 'sshd', atMs: 1_796_541_583_700 }]);
  const first = JSON.parse(journalctl(['-o', 'json', '-n', '1000', 'SYSLOG_IDENTIFIER=sshd']).stdout.split('\n')[0]!) as { __CURSOR: string };
  const after = journalctl(['-o', 'json', '--after-cursor', first.__CURSOR, 'SYSLOG_IDENTIFIER=sshd']).stdout.trim().split('\n');
  assert.equal(after.length, 1);
  assert.match(after[0]!, /Failed password for root/);
  const bad = journalctl(['-o', 'json', '--after-cursor', 's=nope', 'SYSLOG_IDENTIFIER=sshd']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Failed to seek to cursor/);
});
