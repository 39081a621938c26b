import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run, which } from '../harness/deploy-helpers.js';

const INSTALL = join(REPO, 'deploy', 'install.sh');
const TOKEN = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';

function tempRoot(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-root-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // The Redis package's main config, as on Ubuntu, so the include line has a place to go.
  mkdirSync(join(root, 'etc', 'redis'), { recursive: true });
  writeFileSync(join(root, 'etc', 'redis', 'redis.conf'), 'bind 127.0.0.1 -::1\nport 6379\n');
  return root;
}

function install(root: string, args: readonly string[] = [], env: Record<string, string> = {}) {
  const r = run('bash', [INSTALL, '--root', root, '--no-build', ...args], {
    env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.equal(r.code, 0, r.all);
  return r;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

test('--dry-run prints every step and file it would write and writes nothing', (t) => {
  const root = tempRoot(t);
  const r = install(root, ['--dry-run']);
  for (const line of [
    'would: create folder /opt/potion-runner/backups/manifests',
    'would: create folder /opt/potion-runner/backups/snapshots',
    'would: copy the checkout into /opt/potion-runner/app',
    'would: write /opt/potion-runner/.env (mode 600',
    'would: write /etc/redis/potion-runner.conf',
    "would: append 'include /etc/redis/potion-runner.conf' to /etc/redis/redis.conf",
    'would: write /etc/sudoers.d/potion-runner',
    'would: write /etc/logrotate.d/potion-runner',
    'would: write /etc/systemd/system/potion-runner.service',
    'would: write /etc/systemd/system/potion-runner-worker.service',
  ]) assert.ok(r.stdout.includes(line), `missing "${line}" in:\n${r.stdout}`);
  assert.match(r.stdout, /Dry run: \d+ step\(s\) would change something/);
  assert.equal(existsSync(join(root, 'opt')), false);
  assert.equal(readFileSync(join(root, 'etc', 'redis', 'redis.conf'), 'utf8'), 'bind 127.0.0.1 -::1\nport 6379\n');
});

test('an install under --root lays out the PRD tree with modes, .env 600 with the token, and every system file', (t) => {
  const root = tempRoot(t);
  install(root, [], { BOT_TOKEN: TOKEN, ADMIN_IDS: '12345678' });
  const p = (x: string) => join(root, x);
  for (const dir of ['opt/potion-runner/app', 'opt/potion-runner/logs', 'opt/potion-runner/backups/manifests', 'opt/potion-runner/backups/snapshots']) {
    assert.ok(statSync(p(dir)).isDirectory(), dir);
    assert.equal(mode(p(dir)), '750', dir);
  }
  const env = p('opt/potion-runner/.env');
  assert.equal(mode(env), '600');
  const text = readFileSync(env, 'utf8');
  assert.match(text, new RegExp(`^BOT_TOKEN="${TOKEN}"$`, 'm'));
  assert.match(text, /^ADMIN_IDS="12345678"$/m);
  assert.match(text, /^REDIS_URL="redis:\/\/potion:[A-Za-z0-9]{40}@127\.0\.0\.1:6379"$/m);
  assert.match(text, /^DATA_DIR="\/opt\/potion-runner\/data"$/m);
  assert.match(text, /^DASHBOARD_PASSWORD="[A-Za-z0-9]{24}"$/m, 'the dashboard cannot store a generated one under ProtectSystem=strict');
  assert.equal(mode(p('opt/potion-runner')), '750');
  assert.ok(existsSync(p('opt/potion-runner/app/apps/worker/src/main.ts')), 'the app is copied');
  assert.equal(existsSync(p('opt/potion-runner/app/node_modules')), false, 'node_modules is not copied');
  assert.equal(existsSync(p('opt/potion-runner/app/.git')), false);
  for (const u of ['potion-runner.service', 'potion-runner-bot.service', 'potion-runner-worker.service', 'potion-runner-dashboard.service']) {
    assert.equal(readFileSync(p(`etc/systemd/system/${u}`), 'utf8'), readFileSync(join(REPO, 'deploy/systemd', u), 'utf8'));
    assert.equal(mode(p(`etc/systemd/system/${u}`)), '644');
  }
  assert.equal(mode(p('etc/sudoers.d/potion-runner')), '440');
  assert.match(readFileSync(p('etc/sudoers.d/potion-runner'), 'utf8'), /^potion ALL=\(root\) NOPASSWD:/m);
  assert.equal(mode(p('etc/logrotate.d/potion-runner')), '644');
  assert.match(readFileSync(p('etc/redis/redis.conf'), 'utf8'), /^include \/etc\/redis\/potion-runner\.conf$/m);
  if (which('visudo')) assert.equal(run(which('visudo')!, ['-cf', p('etc/sudoers.d/potion-runner')]).code, 0);
});

test('a second run changes nothing and says so, in a real run and in a dry run', (t) => {
  const root = tempRoot(t);
  install(root, [], { BOT_TOKEN: TOKEN, ADMIN_IDS: '1' });
  const envBefore = readFileSync(join(root, 'opt/potion-runner/.env'), 'utf8');
  const again = install(root, [], { BOT_TOKEN: '', ADMIN_IDS: '' });
  assert.match(again.stdout, /Nothing to change: potion-runner is installed and up to date\./);
  assert.doesNotMatch(again.stdout, /changed:/);
  assert.equal(readFileSync(join(root, 'opt/potion-runner/.env'), 'utf8'), envBefore, '.env values are kept');
  const dry = install(root, ['--dry-run']);
  assert.match(dry.stdout, /Nothing to change/);
  assert.doesNotMatch(dry.stdout, /^\s+would:/m);
});

test('a .env with a loose mode is put back to 600 on the next run', (t) => {
  const root = tempRoot(t);
  install(root);
  const env = join(root, 'opt/potion-runner/.env');
  chmodSync(env, 0o644);
  const r = install(root);
  assert.match(r.stdout, /changed: chmod 600 \/opt\/potion-runner\/\.env/);
  assert.equal(mode(env), '600');
});

test('with the HDD mounted, logs and backups move onto it behind symlinks and nothing already there is lost', (t) => {
  const root = tempRoot(t);
  install(root);
  writeFileSync(join(root, 'opt/potion-runner/logs/runtime.log'), 'old line\n');
  const r = install(root, [], { POTION_ASSUME_HDD_MOUNTED: '1' });
  assert.match(r.stdout, /link \/opt\/potion-runner\/logs -> \/mnt\/potion-data\/potion-runner-logs/);
  for (const name of ['logs', 'backups']) {
    const link = join(root, 'opt/potion-runner', name);
    assert.ok(lstatSync(link).isSymbolicLink(), name);
    assert.equal(readlinkSync(link), `/mnt/potion-data/potion-runner-${name}`);
    assert.ok(statSync(join(root, `mnt/potion-data/potion-runner-${name}`)).isDirectory());
  }
  assert.equal(readFileSync(join(root, 'mnt/potion-data/potion-runner-logs/runtime.log'), 'utf8'), 'old line\n');
  assert.ok(statSync(join(root, 'mnt/potion-data/potion-runner-backups/snapshots')).isDirectory());
  const again = install(root, [], { POTION_ASSUME_HDD_MOUNTED: '1' });
  assert.match(again.stdout, /Nothing to change/);
});

test('another HDD_MOUNT gets a drop-in so the locked-down units may write logs there', (t) => {
  const root = tempRoot(t);
  install(root);
  const env = join(root, 'opt/potion-runner/.env');
  writeFileSync(env, readFileSync(env, 'utf8').replace(/^HDD_MOUNT=.*$/m, 'HDD_MOUNT="/srv/hdd"'));
  install(root);
  for (const u of ['bot', 'dashboard']) {
    const dropin = readFileSync(join(root, `etc/systemd/system/potion-runner-${u}.service.d/hdd-mount.conf`), 'utf8');
    assert.match(dropin, /^\[Service\]\nReadWritePaths=-\/srv\/hdd\/potion-runner-logs$/m);
  }
  assert.match(install(root).stdout, /Nothing to change/);
});

test('every process unit is ordered after the HDD mount (a nofail HDD may be mounted late at boot)', (t) => {
  const root = tempRoot(t);
  install(root);
  for (const u of ['worker', 'bot', 'dashboard']) {
    const dropin = readFileSync(join(root, `etc/systemd/system/potion-runner-${u}.service.d/hdd-mount.conf`), 'utf8');
    assert.match(dropin, /^\[Unit\]\nAfter=mnt-potion\\x2ddata\.mount$/m, u);
    assert.doesNotMatch(dropin, /Requires/, `${u}: a missing HDD must not keep it from starting`);
  }
  const env = join(root, 'opt/potion-runner/.env');
  writeFileSync(env, readFileSync(env, 'utf8').replace(/^HDD_MOUNT=.*$/m, 'HDD_MOUNT="/media/big-disk"'));
  install(root);
  assert.match(readFileSync(join(root, 'etc/systemd/system/potion-runner-worker.service.d/hdd-mount.conf'), 'utf8'), /^After=media-big\\x2ddisk\.mount$/m);
});

test('the app gets only what it needs from the checkout, not what tests and runs left there', (t) => {
  const root = tempRoot(t);
  const checkout = mkdtempSync(join(tmpdir(), 'potion-checkout-'));
  t.after(() => rmSync(checkout, { recursive: true, force: true }));
  const copy = run('rsync', ['-a', '--exclude=node_modules/', '--exclude=/.git', '--exclude=test-artifacts/', `${REPO}/`, `${checkout}/`]);
  assert.equal(copy.code, 0, copy.all);
  symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules')); // the CLI that renders the sudo rules
  mkdirSync(join(checkout, 'test-artifacts'));
  writeFileSync(join(checkout, 'test-artifacts', 'shot.png'), 'x');
  mkdirSync(join(checkout, '.potion', 'logs'), { recursive: true });
  writeFileSync(join(checkout, '.potion', 'logs', 'runtime.log'), 'x');
  writeFileSync(join(checkout, 'npm-debug.log'), 'x');
  mkdirSync(join(checkout, 'logs'));
  writeFileSync(join(checkout, 'logs', 'old.txt'), 'x');
  const r = run('bash', [join(checkout, 'deploy', 'install.sh'), '--root', root, '--no-build'], { env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.code, 0, r.all);
  const app = join(root, 'opt/potion-runner/app');
  for (const junk of ['test-artifacts', '.potion', 'npm-debug.log', 'logs']) assert.equal(existsSync(join(app, junk)), false, `${junk} stays out of the app`);
  for (const needed of ['package.json', 'package-lock.json', 'apps/worker/package.json', 'libs/jobs/package.json', 'deploy/install.sh', '.env.example']) assert.ok(existsSync(join(app, needed)), needed);
});

test('hints name the script by its absolute path, also when it was started by a relative one', (t) => {
  const root = tempRoot(t);
  const r = run('bash', ['deploy/install.sh', '--root', root, '--no-build'], { cwd: REPO, env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.code, 0, r.all);
  assert.ok(r.stdout.includes(`then: sudo ${INSTALL} --only-sudoers`), r.stdout);
});

test('--only-sudoers regenerates the rules after SERVICES_WHITELIST changed', (t) => {
  const root = tempRoot(t);
  install(root);
  const sudoers = join(root, 'etc/sudoers.d/potion-runner');
  assert.doesNotMatch(readFileSync(sudoers, 'utf8'), /n8n\.service/);
  const env = join(root, 'opt/potion-runner/.env');
  writeFileSync(env, readFileSync(env, 'utf8').replace(/^SERVICES_WHITELIST=.*$/m, 'SERVICES_WHITELIST="n8n.service"'));
  const r = install(root, ['--only-sudoers', '--yes']);
  assert.match(r.stdout, /Sudo rules updated/);
  assert.match(readFileSync(sudoers, 'utf8'), /\/usr\/bin\/systemctl restart -- n8n\.service/);
  assert.match(install(root, ['--only-sudoers']).stdout, /No changes: the sudo rules already match/);
});

test('--uninstall removes units and rules but keeps the app, logs, backups and .env', (t) => {
  const root = tempRoot(t);
  install(root);
  writeFileSync(join(root, 'opt/potion-runner/backups/snapshots/keep-me'), 'data');
  const r = install(root, ['--uninstall']);
  assert.match(r.stdout, /Uninstalled/);
  for (const f of ['etc/systemd/system/potion-runner.service', 'etc/systemd/system/potion-runner-worker.service', 'etc/sudoers.d/potion-runner', 'etc/logrotate.d/potion-runner']) {
    assert.equal(existsSync(join(root, f)), false, f);
  }
  for (const f of ['opt/potion-runner/.env', 'opt/potion-runner/app/package.json', 'opt/potion-runner/logs', 'opt/potion-runner/backups/snapshots/keep-me']) {
    assert.ok(existsSync(join(root, f)), f);
  }
  assert.match(install(root, ['--uninstall']).stdout, /Nothing to remove/);
});

test('--uninstall --dry-run says what it would remove and removes nothing', (t) => {
  const root = tempRoot(t);
  install(root);
  const r = install(root, ['--uninstall', '--dry-run']);
  assert.match(r.stdout, /would: remove \/etc\/systemd\/system\/potion-runner\.service/);
  assert.doesNotMatch(r.stdout, /Uninstalled/);
  assert.match(r.stdout, /Dry run: uninstalling would take \d+ step\(s\)\./);
  assert.ok(existsSync(join(root, 'etc/systemd/system/potion-runner.service')));
});

test('the script refuses to run outside the checkout', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-stray-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'install.sh'), readFileSync(INSTALL));
  const r = run('bash', [join(dir, 'deploy', 'install.sh'), '--root', join(dir, 'root'), '--dry-run'], { stdio: ['ignore', 'pipe', 'pipe'] });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /run this script from the potion-runner checkout/);
});
