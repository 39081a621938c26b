import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@potion/platform';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import { CLI, run } from '../harness/deploy-helpers.js';

let redis: TestRedis;
before(async () => {
  redis = await startTestRedis();
});
after(async () => {
  await redis.stop();
});

interface Setup {
  /** .env lines; undefined = no .env at all. */
  env?: string;
  mode?: number;
}

/** An installation under a temp --root: /opt/potion-runner/{logs,backups} and an .env. */
function installation(t: { after: (fn: () => void) => void }, s: Setup) {
  const root = mkdtempSync(join(tmpdir(), 'potion-doctor-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const prefix = join(root, 'opt', 'potion-runner');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  mkdirSync(join(prefix, 'backups'), { recursive: true });
  mkdirSync(join(root, 'etc', 'logrotate.d'), { recursive: true });
  writeFileSync(join(root, 'etc', 'logrotate.d', 'potion-runner'), '');
  // unattended-upgrades as install.sh leaves it: the package's program, 20auto-upgrades on.
  mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
  writeFileSync(join(root, 'usr', 'bin', 'unattended-upgrade'), '');
  mkdirSync(join(root, 'etc', 'apt', 'apt.conf.d'), { recursive: true });
  writeFileSync(join(root, 'etc', 'apt', 'apt.conf.d', '20auto-upgrades'), 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n');
  const envFile = join(prefix, '.env');
  if (s.env !== undefined) {
    writeFileSync(envFile, s.env);
    chmodSync(envFile, s.mode ?? 0o600);
  }
  return { root, envFile };
}

const good = (redisUrl: string, hdd = '/proc') =>
  [
    'BOT_TOKEN="123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr"',
    'ADMIN_IDS="12345678"',
    'DATA_DIR=/opt/potion-runner',
    'LOG_DIR=/opt/potion-runner/logs',
    'BACKUP_DIR=/opt/potion-runner/backups',
    `HDD_MOUNT=${hdd}`,
    `REDIS_URL=${redisUrl}`,
    '',
  ].join('\n');

function doctor(root: string, envFile: string) {
  // --user: the running user owns the test files, so the owner check stays quiet.
  return run(process.execPath, [CLI, 'doctor', '--root', root, '--env-path', envFile, '--user', ''], { env: { ...process.env, ENV_FILE: '' } });
}

/** The fix line printed right under the problem line that matches `problem`. */
function fixFor(output: string, problem: RegExp): string {
  const lines = output.split('\n');
  const i = lines.findIndex((l) => l.startsWith('✖') && problem.test(l));
  assert.ok(i >= 0, `no problem matching ${problem} in:\n${output}`);
  const fix = lines[i + 1] ?? '';
  assert.match(fix, /^\s+fix: /, `problem without a fix:\n${lines[i]}`);
  return fix;
}

test('the doctor reports a missing .env with how to create it', (t) => {
  const { root, envFile } = installation(t, {});
  const r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, /\.env is missing/), /sudo deploy\/install\.sh creates it/);
});

test('the doctor reports a .env readable by others with the chmod that fixes it', (t) => {
  const { root, envFile } = installation(t, { env: good(redis.url), mode: 0o644 });
  const r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, /\.env mode is 644/), new RegExp(`sudo chmod 600 ${envFile}`));
});

test('the doctor reports an unmounted HDD with how to mount it', (t) => {
  const { root, envFile } = installation(t, { env: good(redis.url, '/mnt/potion-data') });
  const r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, /HDD is not mounted at \/mnt\/potion-data/), /sudo mount -a.*deploy\/hdd-setup\.sh/);
});

test('the doctor reports a dead Redis with how to start it', async (t) => {
  const port = await freePort();
  const { root, envFile } = installation(t, { env: good(`redis://127.0.0.1:${port}`) });
  const r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, new RegExp(`Redis does not answer at redis://127\\.0\\.0\\.1:${port}`)), /sudo systemctl start redis-server/);
});

test('the doctor reports a Redis that may evict queued jobs', async (t) => {
  const { Redis } = await import('ioredis');
  const c = new Redis(redis.url);
  t.after(async () => {
    await c.config('SET', 'maxmemory-policy', 'noeviction');
    c.disconnect();
  });
  await c.config('SET', 'maxmemory-policy', 'allkeys-lru');
  const { root, envFile } = installation(t, { env: good(redis.url) });
  const r = doctor(root, envFile);
  assert.match(fixFor(r.stdout, /maxmemory-policy is allkeys-lru/), /noeviction/);
});

test('the doctor reports a Redis that lets the default user in without a password, with the fix', (t) => {
  const { root, envFile } = installation(t, { env: good(redis.url) });
  const r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, /Redis lets anyone in without a password/), /sudo deploy\/install\.sh .*ACL user potion/);
});

test('on a sound installation the same checks pass (Redis answers only the ACL user, HDD mounted, .env 600)', async (t) => {
  const { Redis } = await import('ioredis');
  const pw = 'Sound0Installation0Password0123456789';
  const admin = new Redis(redis.url);
  await admin.call('ACL', 'SETUSER', 'potion', 'on', `>${pw}`, '~*', '&*', '+@all');
  await admin.call('ACL', 'SETUSER', 'default', 'off');
  admin.disconnect();
  t.after(async () => {
    const c = new Redis(`redis://potion:${pw}@127.0.0.1:${new URL(redis.url).port}`);
    await c.call('ACL', 'SETUSER', 'default', 'on');
    await c.call('ACL', 'DELUSER', 'potion');
    c.disconnect();
  });
  const { root, envFile } = installation(t, { env: good(`redis://potion:${pw}@127.0.0.1:${new URL(redis.url).port}`) });
  const r = doctor(root, envFile);
  assert.match(r.stdout, /✔ Redis refuses connections without a password/);
  assert.doesNotMatch(r.all, new RegExp(pw), 'the password is never printed');
  assert.match(r.stdout, /✔ \.env found, mode 600/);
  assert.match(r.stdout, /✔ HDD mounted at \/proc/);
  assert.match(r.stdout, /✔ Redis answers/);
  assert.match(r.stdout, /✔ Redis maxmemory-policy noeviction/);
  assert.match(r.stdout, /✔ automatic security updates on \(\/etc\/apt\/apt\.conf\.d\/20auto-upgrades\)/);
  // Only the sudo rules are missing from this hand-made installation.
  assert.match(fixFor(r.stdout, /sudo rules missing/), /install\.sh --only-sudoers/);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('✖')).length, 1, r.stdout);
});

test('the doctor checks the off-site copy: off is a note; a remote missing from rclone.conf is a problem with the rclone config to run', (t) => {
  const { root, envFile } = installation(t, { env: good(redis.url) });
  let r = doctor(root, envFile);
  assert.match(r.stdout, /^• off-site copy is off \(OFFSITE_REMOTE is empty\): the HDD is the only copy/m, r.all);
  const conf = join(root, 'rclone.conf');
  writeFileSync(conf, '[other]\ntype = local\n');
  writeFileSync(envFile, `${good(redis.url)}OFFSITE_REMOTE="offsite:laptop"\nOFFSITE_RCLONE_CONFIG=${conf}\n`);
  r = doctor(root, envFile);
  assert.equal(r.code, 1, r.all);
  assert.match(fixFor(r.stdout, new RegExp(`OFFSITE_REMOTE "offsite" is not in ${conf}`)), /sudo -u potion -H rclone config/);
  writeFileSync(conf, '[offsite]\ntype = local\n');
  r = doctor(root, envFile);
  assert.match(r.stdout, /^✔ off-site copy: offsite:laptop \(local\), weekly Sunday 05:00/m, r.all);
});
