// Finding 7 of issue 15: the rendered sudo rules checked with sudo's own matching, not only
// `visudo -cf`. The rules go into a private mount namespace (unshare -m) where /etc/sudoers,
// /etc/passwd and /etc/group are bind-mounted copies with a test user, and /usr/sbin is a
// tmpfs holding a smartctl stand-in (sudo only needs the file to exist to match a rule), so the
// host's sudo setup is never touched. `sudo -l -U USER CMD...` exits 0 when a rule allows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APT_AUTOREMOVE_ARGS, APT_CLEAN_ARGS, APT_UPDATE_ARGS, APT_UPGRADE_ARGS } from '@potion/adapters';
import { CLI, run, which } from '../harness/deploy-helpers.js';

const USER = 'potion-sudotest';
const canRun = process.getuid?.() === 0 && which('unshare') !== undefined && which('sudo') !== undefined && which('visudo') !== undefined;
const skip = canRun ? false : 'needs root, unshare, sudo and visudo';

/** Runs each command line through `sudo -l -U USER` against the rendered rules; true = allowed. */
function allowed(t: { after: (fn: () => void) => void }, lines: readonly (readonly string[])[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'potion-sudomatch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = join(dir, '.env');
  writeFileSync(env, 'SERVICES_WHITELIST="n8n.service"\n', { mode: 0o600 });
  const rendered = run(process.execPath, [CLI, 'sudoers', '--user', USER, '--env-path', env], { env: { ...process.env, ENV_FILE: env } });
  assert.equal(rendered.code, 0, rendered.all);
  const sudoers = join(dir, 'sudoers');
  writeFileSync(sudoers, `Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n${rendered.stdout}`, { mode: 0o440 });
  const check = run(which('visudo')!, ['-cf', sudoers]);
  assert.equal(check.code, 0, check.all);
  writeFileSync(join(dir, 'passwd'), `${readFileSync('/etc/passwd', 'utf8')}${USER}:x:64999:64999::/nonexistent:/usr/sbin/nologin\n`);
  writeFileSync(join(dir, 'group'), `${readFileSync('/etc/group', 'utf8')}${USER}:x:64999:\n`);
  const script = [
    'set -e',
    `mount --bind ${dir}/sudoers /etc/sudoers`,
    `mount --bind ${dir}/passwd /etc/passwd`,
    `mount --bind ${dir}/group /etc/group`,
    'mount -t tmpfs tmpfs /usr/sbin',
    "printf '#!/bin/sh\\n' >/usr/sbin/smartctl && chmod 755 /usr/sbin/smartctl",
    // Root's self-update script where the installed app keeps it (decision 045).
    'mount -t tmpfs tmpfs /opt',
    "mkdir -p /opt/potion-runner/app/deploy && printf '#!/bin/sh\\n' >/opt/potion-runner/app/deploy/self-update.sh && chmod 755 /opt/potion-runner/app/deploy/self-update.sh",
    'set +e',
    // One command line per input line, its words separated by tabs.
    `while IFS= read -r line; do IFS='\t' read -r -a argv <<<"$line"; if sudo -l -U ${USER} "\${argv[@]}" >/dev/null 2>&1; then echo yes; else echo no; fi; done`,
  ].join('\n');
  const r = run('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script], { input: lines.map((l) => l.join('\t')).join('\n') + '\n' });
  assert.equal(r.code, 0, r.all);
  const answers = r.stdout.trim().split('\n');
  assert.equal(answers.length, lines.length, r.all);
  return answers.map((a) => a === 'yes');
}

const smart = (type: string, device: string, ...more: string[]) => ['/usr/sbin/smartctl', '-j', '-i', '-H', '-A', '-d', type, device, ...more];
const sudoLine = (args: readonly string[]) => {
  const a = args[0] === '-n' ? args.slice(1) : args;
  return a[0] === 'apt-get' ? ['/usr/bin/apt-get', ...a.slice(1)] : a[0] === 'env' ? ['/usr/bin/env', ...a.slice(1)] : [...a];
};

test('sudo itself allows the exact lines the worker runs and denies smartctl on other paths or types, and apt through PATH', { skip }, (t) => {
  const allow: (readonly string[])[] = [
    ['/usr/bin/systemctl', 'restart', '--', 'n8n.service'],
    ['/usr/bin/systemctl', 'reboot'],
    ['/usr/bin/dmesg', '-T'],
    sudoLine(APT_UPDATE_ARGS),
    sudoLine(APT_UPGRADE_ARGS),
    smart('sat', '/dev/sda'),
    smart('ata', '/dev/sdb'),
    smart('scsi', '/dev/sdaa'),
    smart('nvme', '/dev/nvme0'),
    smart('nvme', '/dev/nvme0n1'),
    smart('auto', '/dev/sdc'),
    // The disk clean-ups (issue 19 point 8).
    sudoLine(APT_CLEAN_ARGS),
    sudoLine(APT_AUTOREMOVE_ARGS),
    ['/usr/bin/journalctl', '--vacuum-size=100M'],
    ['/opt/potion-runner/app/deploy/self-update.sh', 'check'],
    ['/usr/bin/systemctl', 'start', '--no-block', 'potion-runner-selfupdate.service'],
  ];
  const deny: (readonly string[])[] = [
    smart('test', '/etc/shadow'),
    smart('sat', '/etc/shadow'),
    smart('sat', '/proc/self/mem'),
    smart('test', '/dev/sda'),
    smart('sat', '/dev/sda', '-x'),
    smart('sat', '/dev/../etc/shadow'),
    smart('sat', '/dev/sda/../../etc/shadow'),
    smart('sat,12', '/dev/sda'),
    ['/usr/sbin/smartctl', '-j', '-i', '-H', '-A', '-d', 'sat', '-T', 'permissive', '/dev/sda'],
    ['/usr/bin/systemctl', 'restart', '--', 'ssh.service'],
    // apt-get resolved by env through PATH: a planted apt-get must never be reachable.
    ['/usr/bin/env', 'DEBIAN_FRONTEND=noninteractive', 'NEEDRESTART_MODE=l', 'apt-get', '-q', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'upgrade'],
    ['/usr/bin/env', 'apt-get', '-q', 'update'],
    ['/usr/bin/apt-get', '-q', '-y', 'dist-upgrade'],
    ['/usr/bin/journalctl', '--vacuum-size=1K'],
    ['/usr/bin/journalctl', '--vacuum-time=1s'],
    ['/usr/bin/apt-get', '-q', '-y', 'autoremove', '--purge'],
    ['/usr/bin/apt-get', '-y', 'autoremove'],
    // The build runs only in root's unit, never straight through sudo; no other unit is started that way.
    ['/opt/potion-runner/app/deploy/self-update.sh', 'run'],
    ['/opt/potion-runner/app/deploy/self-update.sh'],
    ['/usr/bin/systemctl', 'start', '--no-block', 'ssh.service'],
    ['/usr/bin/systemctl', 'stop', 'potion-runner-selfupdate.service'],
  ];
  const got = allowed(t, [...allow, ...deny]);
  allow.forEach((l, i) => assert.equal(got[i], true, `allowed: ${l.join(' ')}`));
  deny.forEach((l, i) => assert.equal(got[allow.length + i], false, `denied: ${l.join(' ')}`));
});

test('every tool in the rules is named by its absolute path, and no rule runs a program by a bare name', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-sudopaths-'));
  try {
    const env = join(dir, '.env');
    writeFileSync(env, 'SERVICES_WHITELIST="n8n.service"\n', { mode: 0o600 });
    const r = run(process.execPath, [CLI, 'sudoers', '--user', USER, '--env-path', env], { env: { ...process.env, ENV_FILE: env } });
    assert.equal(r.code, 0, r.all);
    assert.doesNotMatch(r.stdout, /(^|[\s=])apt-get(\s|$)/m, 'apt-get only as /usr/bin/apt-get');
    assert.match(r.stdout, /^Defaults:potion-sudotest secure_path=/m, 'what the rules run finds its helpers through a fixed PATH');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
