// Issue 15, findings 1 and 3 (deploy side): root never runs code the service user could have
// written, what the services write lives outside the app, a change of the sudo rules is shown
// and confirmed, and the installed Redis needs a password. install.sh runs with --root into a
// temp folder (no chown there: ownership itself is checked by the system test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@potion/platform';
import { REPO, run, which } from '../harness/deploy-helpers.js';

const INSTALL = join(REPO, 'deploy', 'install.sh');
const PW_URL = /^REDIS_URL="redis:\/\/potion:([A-Za-z0-9]{32,})@127\.0\.0\.1:6379"$/m;

function tempRoot(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-trust-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'etc', 'redis'), { recursive: true });
  writeFileSync(join(root, 'etc', 'redis', 'redis.conf'), 'bind 127.0.0.1 -::1\nport 6379\n');
  return root;
}

function install(root: string, args: readonly string[] = [], env: Record<string, string> = {}) {
  return run('bash', [INSTALL, '--root', root, '--no-build', ...args], { env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
function mustInstall(root: string, args: readonly string[] = [], env: Record<string, string> = {}) {
  const r = install(root, args, env);
  assert.equal(r.code, 0, r.all);
  return r;
}
const envOf = (root: string) => readFileSync(join(root, 'opt/potion-runner/.env'), 'utf8');
const setEnv = (root: string, key: string, value: string) => {
  const f = join(root, 'opt/potion-runner/.env');
  writeFileSync(f, envOf(root).replace(new RegExp(`^${key}=.*$`, 'm'), `${key}="${value}"`));
};
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

test('the sudo rules are never rendered by code in the app tree the service user could have written', (t) => {
  const root = tempRoot(t);
  mustInstall(root);
  // A stand-in for what potion could have put there (npm lifecycle script, git hook, restore).
  const marker = join(root, 'ran-as-root');
  const planted = join(root, 'opt/potion-runner/app/apps/cli/dist/main.js');
  mkdirSync(join(planted, '..'), { recursive: true });
  writeFileSync(planted, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); console.log('potion ALL=(ALL) NOPASSWD: ALL');\n`);
  writeFileSync(join(planted, '..', '..', 'package.json'), '{"type":"commonjs"}\n');
  setEnv(root, 'SERVICES_WHITELIST', 'n8n.service');
  const r = install(root, ['--only-sudoers', '--yes']);
  assert.equal(r.code, 0, r.all);
  assert.equal(existsSync(marker), false, 'the planted CLI ran as root');
  const rules = readFileSync(join(root, 'etc/sudoers.d/potion-runner'), 'utf8');
  assert.doesNotMatch(rules, /ALL=\(ALL\)/);
  assert.match(rules, /\/usr\/bin\/systemctl restart -- n8n\.service/);
});

test('a changed SERVICES_WHITELIST shows the diff of the sudo rules and, with nobody to ask, is refused without --yes', (t) => {
  const root = tempRoot(t);
  mustInstall(root);
  const sudoers = join(root, 'etc/sudoers.d/potion-runner');
  const before = readFileSync(sudoers, 'utf8');
  setEnv(root, 'SERVICES_WHITELIST', 'n8n.service');
  for (const args of [['--only-sudoers'], []]) {
    const r = install(root, args);
    assert.notEqual(r.code, 0, r.all);
    assert.match(r.stdout, /^ {4}\+Cmnd_Alias POTION_START_STOP_RESTART_A_WHITELISTED_SERVICE = \/usr\/bin\/systemctl start -- n8n\.service/m, r.all);
    assert.match(r.stderr, /the sudo rules would change .* run: sudo \S+install\.sh( --only-sudoers)? --yes/, r.all);
    assert.equal(readFileSync(sudoers, 'utf8'), before, 'the installed rules stay as they were');
    // A full install still finishes its other steps (units, logrotate) before it ends with the refusal.
    if (args.length === 0) assert.match(r.stdout, /==> systemd units/, r.all);
  }
  const dry = install(root, ['--only-sudoers', '--dry-run']);
  assert.equal(dry.code, 0, dry.all);
  assert.match(dry.stdout, /\+.*restart -- n8n\.service/);
  const yes = install(root, ['--only-sudoers', '--yes']);
  assert.equal(yes.code, 0, yes.all);
  assert.match(readFileSync(sudoers, 'utf8'), /restart -- n8n\.service/);
});

test('what the services write lives outside the app: DATA_DIR is /opt/potion-runner/data, the app has no group or other write bit', (t) => {
  const root = tempRoot(t);
  const r = mustInstall(root);
  assert.match(envOf(root), /^DATA_DIR="\/opt\/potion-runner\/data"$/m);
  assert.equal(mode(join(root, 'opt/potion-runner/data')), '750');
  const app = join(root, 'opt/potion-runner/app');
  const writable = run('find', [app, '!', '-type', 'l', '-perm', '/022']);
  assert.equal(writable.stdout.trim(), '', 'nothing in the app is writable by group or others');
  assert.match(r.stdout, /ok: \/opt\/potion-runner\/app is \S+'s and read-only to potion/);
  assert.match(r.stdout, /Problems: {3}sudo -u potion node \/opt\/potion-runner\/app\/apps\/cli\/dist\/main\.js doctor/);
  assert.doesNotMatch(r.stdout, /sudo node /);
});

test('an install from before keeps its state: what the worker wrote in /opt/potion-runner moves into data/', (t) => {
  const root = tempRoot(t);
  mustInstall(root);
  setEnv(root, 'DATA_DIR', '/opt/potion-runner');
  const prefix = join(root, 'opt/potion-runner');
  mkdirSync(join(prefix, 'keys'));
  writeFileSync(join(prefix, 'keys', 'job-proof.key'), 'k');
  writeFileSync(join(prefix, 'redis-marker.json'), '{}');
  writeFileSync(join(prefix, '.gitconfig'), '[safe]\n');
  const r = mustInstall(root);
  assert.match(r.stdout, /move \/opt\/potion-runner\/keys into \/opt\/potion-runner\/data/);
  assert.equal(readFileSync(join(prefix, 'data', 'keys', 'job-proof.key'), 'utf8'), 'k');
  assert.ok(existsSync(join(prefix, 'data', 'redis-marker.json')));
  assert.ok(existsSync(join(prefix, 'data', '.gitconfig')));
  // self-update/ is root's (the checkout and status of the self-update, decision 045), not the worker's.
  assert.deepEqual(readdirSync(prefix).sort(), ['.env', 'app', 'backups', 'data', 'logs', 'self-update']);
  assert.match(envOf(root), /^DATA_DIR="\/opt\/potion-runner\/data"$/m);
  assert.equal(mode(join(prefix, '.env')), '600', '.env keeps its mode when edited');
  assert.match(mustInstall(root).stdout, /Nothing to change/);
});

test('the installed Redis needs a password: the ACL file turns the default user off, REDIS_URL in the 600 .env logs in as potion', (t) => {
  const root = tempRoot(t);
  mustInstall(root);
  const pw = PW_URL.exec(envOf(root))?.[1];
  assert.ok(pw, envOf(root));
  const acl = join(root, 'etc/redis/potion-runner.acl');
  assert.equal(mode(acl), '640');
  const hash = createHash('sha256').update(pw).digest('hex');
  assert.equal(readFileSync(acl, 'utf8'), `user default off\nuser potion on #${hash} ~* &* +@all\n`);
  assert.doesNotMatch(readFileSync(acl, 'utf8'), new RegExp(pw), 'only the hash is in the ACL file');
  assert.match(readFileSync(join(root, 'etc/redis/potion-runner.conf'), 'utf8'), /^aclfile \/etc\/redis\/potion-runner\.acl$/m);
  assert.match(mustInstall(root).stdout, /Nothing to change/, 'the password is kept');
  assert.equal(PW_URL.exec(envOf(root))?.[1], pw);
  // An .env from before: REDIS_URL without a password gets one.
  setEnv(root, 'REDIS_URL', 'redis://127.0.0.1:6379');
  chmodSync(join(root, 'opt/potion-runner/.env'), 0o600);
  const r = mustInstall(root);
  assert.match(r.stdout, /changed: set REDIS_URL in \/opt\/potion-runner\/\.env/);
  const pw2 = PW_URL.exec(envOf(root))?.[1];
  assert.ok(pw2 && pw2 !== pw);
  assert.doesNotMatch(r.all, new RegExp(pw2), 'the password is never printed');
  assert.match(readFileSync(acl, 'utf8'), new RegExp(createHash('sha256').update(pw2).digest('hex')));
});

test('a real redis-server with the installed conf and ACL refuses the default user and serves potion', { skip: which('redis-server') ? false : 'redis-server missing' }, async (t) => {
  const root = tempRoot(t);
  mustInstall(root);
  const pw = PW_URL.exec(envOf(root))?.[1] ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'potion-redisacl-'));
  const port = await freePort();
  t.after(() => {
    run('redis-cli', ['--user', 'potion', '-p', String(port), 'shutdown', 'nosave'], { env: { ...process.env, REDISCLI_AUTH: pw } });
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'redis.conf'), `include ${join(root, 'etc/redis/potion-runner.conf')}\n`);
  const start = run('redis-server', [join(dir, 'redis.conf'), '--aclfile', join(root, 'etc/redis/potion-runner.acl'), '--port', String(port), '--dir', dir, '--daemonize', 'yes', '--pidfile', join(dir, 'pid')]);
  assert.equal(start.code, 0, start.all);
  let pong = '';
  for (let i = 0; i < 100 && pong !== 'PONG'; i++) {
    pong = run('redis-cli', ['--user', 'potion', '-p', String(port), 'ping'], { env: { ...process.env, REDISCLI_AUTH: pw } }).stdout.trim();
    if (pong !== 'PONG') run('sleep', ['0.05']);
  }
  assert.equal(pong, 'PONG', 'the ACL user potion with the password of REDIS_URL');
  assert.match(run('redis-cli', ['-p', String(port), 'ping']).all, /NOAUTH/, 'the default user without a password');
  assert.match(run('redis-cli', ['-p', String(port), '--user', 'potion', '--pass', 'wrong', 'ping']).all, /WRONGPASS/);
  assert.match(run('redis-cli', ['-p', String(port), '--user', 'default', '--pass', '', 'ping']).all, /WRONGPASS|NOAUTH|disabled/);
});
