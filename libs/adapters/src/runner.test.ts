import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandError } from './command-error.js';
import { createRunner } from './runner.js';

const run = createRunner();

describe('command runner', () => {
  it('passes arguments as an array: shell metacharacters stay literal text', async () => {
    const r = await run('printf', ['%s|', 'a;reboot', '$(id)', '`x`', '*', '-H evil']);
    assert.equal(r.stdout, 'a;reboot|$(id)|`x`|*|-H evil|');
    assert.equal(r.exitCode, 0);
  });

  it('a failing command raises a CommandError with command, exit code and the tail of stderr', async () => {
    await assert.rejects(run('sh', ['-c', 'echo first >&2; echo "Unit x.service not found." >&2; exit 5']), (e: unknown) => {
      assert.ok(e instanceof CommandError);
      assert.equal(e.exitCode, 5);
      assert.equal(e.failure, 'exit');
      assert.equal(e.command, 'sh');
      assert.match(e.stderrTail, /Unit x\.service not found\./);
      assert.match(e.message, /exited with code 5: first \| Unit x\.service not found\./);
      return true;
    });
  });

  it('exit codes listed as ok are not errors', async () => {
    const r = await run('sh', ['-c', 'exit 3'], { okExitCodes: [0, 3] });
    assert.equal(r.exitCode, 3);
  });

  it('a command that runs too long is killed at its timeout', async () => {
    const t0 = Date.now();
    await assert.rejects(run('sleep', ['10'], { timeoutMs: 200 }), (e: unknown) => e instanceof CommandError && e.failure === 'timeout');
    assert.ok(Date.now() - t0 < 5000);
  });

  it('the job signal cancels a running command', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(run('sleep', ['10'], { signal: ac.signal }), (e: unknown) => e instanceof CommandError && e.failure === 'aborted');
  });

  it('output beyond the cap fails instead of filling memory', async () => {
    await assert.rejects(run('head', ['-c', '100000', '/dev/zero'], { maxOutputBytes: 1000 }), (e: unknown) => e instanceof CommandError && e.failure === 'output-too-large');
  });

  it('a streamed listing is handed over in whole characters and is not capped, and only its tail is kept', async () => {
    // 300,000 lines of a 3-byte character and a number: ~2.3 MB, over a 1,000-byte cap; the
    // pipe's chunk boundaries fall inside characters.
    let text = '';
    const r = await run('sh', ['-c', 'i=0; seq 1 300000 | sed "s/^/€/"; echo END'], {
      maxOutputBytes: 1000,
      onStdout: (chunk) => void (text += chunk),
      stdoutTailOnly: true,
    });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 300_001);
    assert.ok(lines.slice(0, -1).every((l, i) => l === `€${i + 1}`), 'every line arrived intact');
    assert.ok(r.stdout.length <= 64 * 1024 && r.stdout.endsWith('€300000\nEND\n'));
  });

  it('a missing tool says it is not installed', async () => {
    await assert.rejects(run('potion-no-such-tool', []), (e: unknown) => e instanceof CommandError && e.failure === 'not-found' && /not installed/.test(e.message));
  });

  it('stdin is closed, so a command waiting for input ends instead of hanging', async () => {
    const r = await run('cat', [], { timeoutMs: 5000 });
    assert.equal(r.stdout, '');
  });

  it('refuses NUL bytes in arguments and odd command names', async () => {
    await assert.rejects(run('echo', ['a\0b']), /NUL/);
    await assert.rejects(run('echo; reboot', []), /unusual name/);
  });
});
