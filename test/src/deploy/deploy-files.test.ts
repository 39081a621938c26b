import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@potion/platform';
import { REPO, run, which, CLI } from '../harness/deploy-helpers.js';

const scripts = [
  ...readdirSync(join(REPO, 'deploy')).filter((f) => f.endsWith('.sh')).map((f) => join(REPO, 'deploy', f)),
  ...readdirSync(join(REPO, 'deploy', 'lib')).filter((f) => f.endsWith('.sh')).map((f) => join(REPO, 'deploy', 'lib', f)),
  ...readdirSync(join(REPO, 'scripts')).filter((f) => f.endsWith('.sh')).map((f) => join(REPO, 'scripts', f)),
];
const unitDir = join(REPO, 'deploy', 'systemd');
const units = readdirSync(unitDir).filter((f) => /\.(service|target)$/.test(f));

test('every shell script parses with bash -n', () => {
  assert.ok(scripts.some((s) => s.endsWith('install.sh')) && scripts.some((s) => s.endsWith('hdd-setup.sh')));
  for (const s of scripts) {
    const r = run('bash', ['-n', s]);
    assert.equal(r.code, 0, `${s}: ${r.all}`);
  }
});

test('every shell script is shellcheck clean', (t) => {
  if (!which('shellcheck')) return t.skip('shellcheck is not installed (npm run setup installs it)');
  const r = run('shellcheck', ['-x', ...scripts]);
  assert.equal(r.code, 0, r.all);
});

test('every systemd unit passes systemd-analyze verify', (t) => {
  if (!which('systemd-analyze')) return t.skip('systemd-analyze is not on this machine');
  for (const u of units) {
    const r = run('systemd-analyze', ['verify', '--man=no', join(unitDir, u)]);
    assert.equal(r.code, 0, `${u}: ${r.all}`);
    assert.doesNotMatch(r.stderr, /Unknown key|Unknown section|Failed to parse|ignoring/i, `${u}: ${r.stderr}`);
  }
});

/** The keys of one [section] of a unit file, comments dropped. */
function section(text: string, name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^\[(.+)\]$/.exec(line);
    if (m) {
      current = m[1]!;
      continue;
    }
    if (current !== name) continue;
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    out.set(key, [...(out.get(key) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

test('each process unit restarts always, is rate-limited in [Unit], uses the watchdog and wants Redis without being stopped with it', () => {
  for (const name of ['bot', 'worker', 'dashboard']) {
    const text = readFileSync(join(unitDir, `potion-runner-${name}.service`), 'utf8');
    const unit = section(text, 'Unit');
    const svc = section(text, 'Service');
    assert.deepEqual(unit.get('StartLimitIntervalSec'), ['300'], name);
    assert.deepEqual(unit.get('StartLimitBurst'), ['10'], name);
    assert.equal(svc.get('StartLimitBurst'), undefined, `${name}: StartLimit* belong in [Unit]`);
    assert.match(unit.get('After')!.join(' '), /redis-server\.service/);
    // Requires= would stop (and with the worker's long stop, hang) the service on a Redis crash.
    assert.equal(unit.get('Requires'), undefined, `${name}: no Requires=`);
    assert.equal(unit.get('BindsTo'), undefined, `${name}: no BindsTo=`);
    assert.match(unit.get('Wants')!.join(' '), /redis-server\.service/);
    assert.deepEqual(svc.get('Restart'), ['always']);
    assert.deepEqual(svc.get('RestartSec'), ['5']);
    assert.deepEqual(svc.get('Type'), ['notify']);
    assert.deepEqual(svc.get('WatchdogSec'), ['60']);
    assert.deepEqual(svc.get('StandardOutput'), ['journal']);
    assert.deepEqual(svc.get('PrivateTmp'), ['yes']);
    assert.match(svc.get('ExecStart')![0]!, new RegExp(`^/usr/bin/node (--[a-z0-9-]+(=\\d+)? )*/opt/potion-runner/app/apps/${name}/dist/main\\.js$`));
    const entry = join(REPO, 'apps', name, 'dist', 'main.js');
    assert.ok(existsSync(entry), `${entry} is what the unit starts`);
  }
});

/** Settings that make systemd 252 set no_new_privs on a unit with User= (systemd.exec(5)). */
const NO_NEW_PRIVS_IMPLIED = [
  'NoNewPrivileges', 'SystemCallFilter', 'SystemCallArchitectures', 'RestrictAddressFamilies', 'RestrictNamespaces', 'PrivateDevices',
  'ProtectKernelTunables', 'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectClock', 'MemoryDenyWriteExecute', 'RestrictRealtime',
  'RestrictSUIDSGID', 'DynamicUser', 'LockPersonality', 'ProtectHostname', 'SystemCallLog',
] as const;

test('only the worker may gain privileges (sudo); bot and dashboard are locked down', () => {
  for (const name of ['bot', 'dashboard']) {
    const svc = section(readFileSync(join(unitDir, `potion-runner-${name}.service`), 'utf8'), 'Service');
    assert.deepEqual(svc.get('NoNewPrivileges'), ['yes'], name);
    assert.deepEqual(svc.get('ProtectSystem'), ['strict'], name);
    assert.ok(svc.get('ReadWritePaths')?.[0]?.includes('/opt/potion-runner/logs'), name);
  }
  const worker = section(readFileSync(join(unitDir, 'potion-runner-worker.service'), 'utf8'), 'Service');
  assert.equal(worker.get('NoNewPrivileges'), undefined, 'sudo needs setuid');
  assert.equal(worker.get('ProtectSystem'), undefined, 'apt-get upgrade under sudo writes /usr');
  // With User=, each of these makes systemd set no_new_privs (systemd.exec(5), 252), and sudo
  // then refuses to run: the system test checks NoNewPrivs of the running worker.
  for (const implied of NO_NEW_PRIVS_IMPLIED) assert.equal(worker.get(implied), undefined, `the worker must not set ${implied}= (it implies NoNewPrivileges=yes)`);
});

test('potion-runner.service (the name the PRD commands use) pulls in all three processes, starts at boot and before them, and is never restarted by systemd', () => {
  assert.deepEqual(units.filter((u) => u.endsWith('.target')), [], 'no target: `systemctl status potion-runner` means potion-runner.service');
  const text = readFileSync(join(unitDir, 'potion-runner.service'), 'utf8');
  const unit = section(text, 'Unit');
  const svc = section(text, 'Service');
  const wants = unit.get('Wants')!.join(' ');
  const before = unit.get('Before')!.join(' ');
  for (const name of ['bot', 'worker', 'dashboard']) {
    assert.match(wants, new RegExp(`potion-runner-${name}\\.service`));
    // Started before and stopped after them: it copies their first and last journal lines.
    assert.match(before, new RegExp(`potion-runner-${name}\\.service`));
  }
  assert.deepEqual(section(text, 'Install').get('WantedBy'), ['multi-user.target']);
  assert.equal(unit.get('Requires'), undefined, 'a Redis crash must not stop it (and, through PartOf=, the services)');
  // An automatic restart of this unit restarts every PartOf= unit with it (systemd 252 queues a
  // restart job, propagated like a manual one): a hiccup here must not cut a running backup.
  assert.deepEqual(svc.get('Restart'), ['no']);
  assert.equal(svc.get('WatchdogSec'), undefined);
  assert.deepEqual(svc.get('Type'), ['notify'], 'active (running), with the status line it sends');
  assert.deepEqual(svc.get('NoNewPrivileges'), ['yes']);
  assert.deepEqual(svc.get('User'), ['potion'], 'reads the journal as a member of systemd-journal, never as root');
  // A few MB of Perl (perl-base is Essential on Debian), not ~60 MB of Node.js (issue 20).
  assert.match(svc.get('ExecStart')![0]!, /^\/usr\/bin\/perl \/opt\/potion-runner\/app\/deploy\/umbrella\/potion-runner-umbrella\.pl$/);
  assert.ok(existsSync(join(REPO, 'deploy', 'umbrella', 'potion-runner-umbrella.pl')), 'what the unit starts is in the app');
  assert.deepEqual(svc.get('NotifyAccess'), ['main'], 'the script sends its own notifications');
});

test('each process is part of potion-runner.service (a restart or stop of it reaches them) and is enabled through it', () => {
  for (const name of ['bot', 'worker', 'dashboard']) {
    const text = readFileSync(join(unitDir, `potion-runner-${name}.service`), 'utf8');
    assert.deepEqual(section(text, 'Unit').get('PartOf'), ['potion-runner.service'], name);
    // Not BindsTo=: the umbrella's process ending must not stop the app.
    assert.equal(section(text, 'Unit').get('BindsTo'), undefined, name);
    assert.deepEqual(section(text, 'Install').get('WantedBy'), ['potion-runner.service'], name);
  }
});

function withEnv(t: { after: (fn: () => void) => void }, lines: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'potion-deploy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = join(dir, '.env');
  writeFileSync(env, lines, { mode: 0o600 });
  return env;
}

test('the generated sudoers file passes visudo -cf and names each whitelisted unit with exact arguments', (t) => {
  const visudo = which('visudo');
  if (!visudo) return t.skip('visudo is not installed (npm run setup installs the sudo package)');
  const env = withEnv(t, 'SERVICES_WHITELIST="n8n.service,cloudflared.service,getty@tty1.service"\nBACKUP_DIR=/opt/potion-runner/backups\n');
  const r = run(process.execPath, [CLI, 'sudoers', '--user', 'potion', '--env-path', env]);
  assert.equal(r.code, 0, r.all);
  const file = join(env, '..', 'sudoers');
  writeFileSync(file, r.stdout);
  const v = run(visudo, ['-cf', file]);
  assert.equal(v.code, 0, v.all);
  for (const u of ['n8n.service', 'cloudflared.service', 'getty@tty1.service']) {
    for (const verb of ['start', 'stop', 'restart']) assert.ok(r.stdout.includes(`/usr/bin/systemctl ${verb} -- ${u}`), `${verb} ${u}`);
  }
  for (const line of ['/usr/bin/systemctl reboot', '/usr/bin/systemctl poweroff', '/usr/bin/apt-get -q update', '/usr/bin/dmesg -T']) assert.ok(r.stdout.includes(line), line);
  assert.match(r.stdout, /^potion ALL=\(root\) NOPASSWD: POTION_[A-Z0-9_]+(, POTION_[A-Z0-9_]+)*$/m);
  assert.doesNotMatch(r.stdout, /ALL\s*$/m, 'never a bare ALL command');
  assert.doesNotMatch(r.stdout.replace(/\^.*\$/g, ''), /\*/, 'no wildcard outside the anchored restore regex');
});

test('the logrotate file passes logrotate -d and really rotates runtime.log and actions.log', (t) => {
  const logrotate = which('logrotate');
  if (!logrotate) return t.skip('logrotate is not installed (npm run setup installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'potion-logrotate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const original = readFileSync(join(REPO, 'deploy', 'logrotate', 'potion-runner'), 'utf8');
  // The installed user may not exist on a test machine: rotate as whoever runs the test.
  const me = userInfo().username;
  const group = run('id', ['-gn']).stdout.trim();
  const conf = join(dir, 'potion-runner');
  writeFileSync(conf, original.replaceAll('su potion potion', `su ${me} ${group}`));
  const d = run(logrotate, ['-d', '-s', join(dir, 'state'), conf]);
  assert.equal(d.code, 0, d.all);
  assert.match(d.all, /rotating pattern: \/opt\/potion-runner\/logs\/runtime\.log/);
  assert.match(d.all, /\(90 rotations\)/);

  const logs = join(dir, 'logs');
  mkdirSync(logs, { mode: 0o750 });
  writeFileSync(join(logs, 'runtime.log'), 'line 1\n');
  writeFileSync(join(logs, 'actions.log'), '{"who":1}\n');
  writeFileSync(conf, original.replaceAll('su potion potion', `su ${me} ${group}`).replaceAll('/opt/potion-runner/logs', logs));
  const f = run(logrotate, ['-f', '-s', join(dir, 'state'), conf]);
  assert.equal(f.code, 0, f.all);
  const files = readdirSync(logs).sort();
  assert.ok(files.includes('runtime.log.1'), files.join(' '));
  assert.ok(files.some((x) => /^actions\.log-\d{8}$/.test(x)), files.join(' '));
  assert.equal(readFileSync(join(logs, 'runtime.log'), 'utf8'), '', 'copytruncate empties the live file in place');
});

test('the Redis drop-in is accepted by redis-server: localhost only, AOF always, noeviction, 256 MB', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-redisconf-'));
  const port = await freePort();
  t.after(() => {
    run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
    rmSync(dir, { recursive: true, force: true });
  });
  const conf = join(dir, 'redis.conf');
  writeFileSync(conf, `include ${join(REPO, 'deploy', 'redis', 'potion-runner.conf')}\n`);
  // The ACL file install.sh writes (deploy-trust.test.ts checks it); here without the default user switched off.
  writeFileSync(join(dir, 'users.acl'), 'user default on nopass ~* &* +@all\n');
  const start = run('redis-server', [conf, '--aclfile', join(dir, 'users.acl'), '--port', String(port), '--dir', dir, '--daemonize', 'yes', '--pidfile', join(dir, 'pid')]);
  assert.equal(start.code, 0, start.all);
  const get = (key: string) => {
    for (let i = 0; i < 100; i++) {
      const r = run('redis-cli', ['-p', String(port), 'config', 'get', key]);
      if (r.code === 0 && r.stdout.trim()) return r.stdout.trim().split('\n')[1];
      run('sleep', ['0.05']);
    }
    return undefined;
  };
  assert.equal(get('appendonly'), 'yes');
  assert.equal(get('appendfsync'), 'always');
  assert.equal(get('maxmemory-policy'), 'noeviction');
  assert.equal(get('maxmemory'), String(256 * 1024 * 1024));
  assert.equal(get('bind'), '127.0.0.1 -::1');
});

test('each process unit starts node with the same Node/V8 flags as npm start (apps/cli/src/node-flags.ts)', async () => {
  const { NODE_FLAGS } = (await import(join(REPO, 'apps/cli/dist/node-flags.js'))) as { NODE_FLAGS: Record<string, readonly string[]> };
  for (const app of ['bot', 'worker', 'dashboard']) {
    const unit = readFileSync(join(REPO, `deploy/systemd/potion-runner-${app}.service`), 'utf8');
    const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='));
    assert.ok(exec, `${app}: no ExecStart`);
    assert.deepEqual(exec.slice('ExecStart='.length).split(' '), ['/usr/bin/node', ...(NODE_FLAGS[app] ?? []), `/opt/potion-runner/app/apps/${app}/dist/main.js`], `${app}: ExecStart flags differ from npm start's`);
    assert.doesNotMatch(unit, /NODE_OPTIONS=.*--max-semi-space-size/, `${app}: the flags belong in ExecStart, once`);
  }
});
