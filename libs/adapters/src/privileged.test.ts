import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { privileged, SBIN } from './privileged.js';
import { controlUnit } from './systemctl.js';
import type { Runner } from './runner.js';

test('controlUnit runs exactly the command line the sudoers rule allows (sudo resolves systemctl to /usr/bin/systemctl)', async () => {
  const seen: { command: string; args: readonly string[] }[] = [];
  const run: Runner = async (command, args) => {
    seen.push({ command, args });
    return { command, args, exitCode: 0, stdout: '', stderr: '', durationMs: 0 };
  };
  for (const verb of ['start', 'stop', 'restart'] as const) {
    await controlUnit(run, verb, 'n8n.service');
    const rule = privileged.unit(verb, 'n8n.service');
    const last = seen.at(-1)!;
    assert.equal(last.command, 'sudo');
    assert.equal(last.args[0], '-n', 'never a password prompt');
    assert.equal(basename(rule[0]!), last.args[1]);
    assert.deepEqual(last.args.slice(2), rule.slice(1));
  }
});

test('every root command is an absolute path', () => {
  for (const p of Object.values(SBIN)) assert.match(p, /^\/usr\/bin\/[a-z-]+$/);
  assert.deepEqual(privileged.restoreApp('/b', '2026-01-02', '/a'), ['/usr/bin/rsync', '-a', '--delete', '--', '/b/snapshots/2026-01-02/app/', '/a/']);
});
