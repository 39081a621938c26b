import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CommandError, createRunner } from '@potion/adapters';
import { createStandins, unreachableSystemctl } from '@potion/testkit';
import { isPermanent } from '@potion/worker';

const runner = createRunner();
const failureOf = async (p: Promise<unknown>): Promise<CommandError> => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CommandError, `a CommandError, got ${String(err)}`);
    return err;
  }
  assert.fail('the command was expected to fail');
};

const real = unreachableSystemctl();

describe('failures that retrying cannot fix are not retried', () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-retry-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the real systemctl of a machine without systemd as PID 1 is not retried', { skip: real.skip }, async () => {
    const err = await failureOf(runner(real.probe.path, ['show', '--no-pager', '-p', 'Id', '-p', 'ActiveState', '--', 'n8n.service']));
    assert.match(err.stderrTail, /System has not been booted with systemd as init system \(PID 1\)\. Can't operate\./);
    assert.equal(isPermanent(err), true);
  });

  test('an executable that may not be run (EACCES) is not retried', async () => {
    const tool = join(dir, 'no-exec-tool');
    writeFileSync(tool, '#!/bin/sh\necho hi\n');
    chmodSync(tool, 0o644);
    const err = await failureOf(runner(tool, []));
    assert.equal(err.failure, 'denied');
    assert.equal(isPermanent(err), true);
  });

  test('a tool that is not installed is not retried', async () => {
    const err = await failureOf(runner('potion-no-such-tool', []));
    assert.equal(isPermanent(err), true);
  });

  test('sudo without a matching rule ("a password is required") is not retried', async () => {
    const s = createStandins();
    try {
      s.denySudo(true);
      const err = await failureOf(createRunner({ env: { ...process.env, ...s.env } })('sudo', ['-n', 'systemctl', 'restart', '--', 'n8n.service']));
      assert.equal(isPermanent(err), true);
    } finally {
      s.cleanup();
    }
  });

  test('a command that failed for a passing reason is retried', async () => {
    const err = await failureOf(runner('sh', ['-c', 'echo "Connection timed out" >&2; exit 1']));
    assert.equal(isPermanent(err), false);
  });
});
