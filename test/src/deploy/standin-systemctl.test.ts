import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createStandins, STANDIN_BIN, unreachableSystemctl } from '@potion/testkit';

// The stand-in is a claim about the real tool: checked here against this machine's own
// /usr/bin/systemctl, which cannot reach systemd (no systemd as PID 1).
const real = unreachableSystemctl();
const standins = createStandins();

function run(bin: string, args: readonly string[]) {
  const r = spawnSync(bin, [...args], { encoding: 'utf8', env: { ...process.env, ...standins.env, LC_ALL: 'C.UTF-8' }, timeout: 10_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the systemctl stand-in fails like the real one', { skip: real.skip }, () => {
  after(() => standins.cleanup());

  // Never reboot/poweroff here: on a machine that does run systemd they would do it.
  const noSystemd = /^System has not been booted with systemd as init system \(PID 1\)\. Can't operate\.\nFailed to connect to bus: Host is down\n$/;
  const reads: readonly { args: readonly string[]; says: RegExp }[] = [
    { args: ['show', '--no-pager', '-p', 'Id', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'SubState', '--', 'n8n.service', 'cloudflared.service'], says: noSystemd },
    { args: ['is-active', '--', 'n8n.service'], says: noSystemd },
    // is-enabled reads unit files itself, without systemd.
    { args: ['is-enabled', '--', 'n8n.service'], says: /^Failed to get unit file state for n8n\.service: No such file or directory\n$/ },
    { args: ['start', '--', 'potion-probe.service'], says: noSystemd },
  ];
  for (const { args, says } of reads) {
    test(`with no systemd as PID 1, "systemctl ${args[0]}" prints what the real one prints, with its exit code`, () => {
      standins.set('systemctl/no-systemd', '');
      const fake = run(join(STANDIN_BIN, 'systemctl'), args);
      const truth = run(real.probe.path, args);
      assert.match(truth.stderr, says);
      assert.equal(truth.status, 1);
      assert.deepEqual(fake, truth);
    });
  }

  test('an unknown verb is refused by both with exit 1 and the verb named (quoting differs: 252 here, 255 in the stand-in)', () => {
    standins.clear('systemctl/no-systemd');
    const fake = run(join(STANDIN_BIN, 'systemctl'), ['bogus-verb']);
    const truth = run(real.probe.path, ['bogus-verb']);
    assert.equal(fake.status, truth.status);
    for (const r of [fake, truth]) assert.match(r.stderr, /^Unknown command verb '?bogus-verb'?\./);
  });
});
