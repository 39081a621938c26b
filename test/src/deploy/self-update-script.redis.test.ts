import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keys } from '@potion/jobs';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import { parseSelfUpdateStatus, selfUpdateResultText } from '@potion/worker';
import { CLI, REPO, run, which } from '../harness/deploy-helpers.js';
import { commit, git, gitEnv, seedUpstream } from '../harness/git-repo.js';

const SCRIPT = join(REPO, 'deploy/self-update.sh');
const root = mkdtempSync(join(tmpdir(), 'potion-self-update-'));
const prefix = join(root, 'opt');
const checkout = join(root, 'checkout');
const upstream = join(root, 'upstream');
const calls = join(root, 'systemctl.calls');

/**
 * A toy potion-runner: `npm ci` + `npm run build` (node build.js) really run, and its
 * "processes" (report.sh, run by the systemctl stand-in on restart) put the release they run
 * into the process hashes in the real Redis, the way registerProcess does.
 */
const BUILD_OK = "require('node:fs').mkdirSync('dist', { recursive: true });\nrequire('node:fs').writeFileSync('dist/built', 'yes');\n";
const BUILD_BROKEN = "console.error('toy build: apps/worker/src/main.ts(3,1): error TS1005');\nprocess.exit(1);\n";
const REPORTS = [
  '#!/bin/sh',
  '# The toy app\'s processes: each reports the release it runs.',
  'here=$(dirname "$0")',
  'for name in worker dashboard; do',
  '  redis-cli -u "$TOY_REDIS_URL" hset "$TOY_PROC_PREFIX$name" release "$(cat "$here/.release")" startedAt "$(date +%s%3N)" >/dev/null',
  'done',
  '',
].join('\n');
const REPORTS_NOTHING = '#!/bin/sh\n# This build starts but its processes never come up.\nexit 0\n';

const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
const short = (hash: string) => git(checkout, 'rev-parse', '--short', hash).trim();
const release = (dir: string) => readFileSync(join(dir, '.release'), 'utf8').trim();
const restarts = () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter((l) => l === 'restart potion-runner.service').length : 0);

describe('deploy/self-update.sh, for real in a temp prefix (real git, npm, Redis and the CLI health check; systemctl stand-in)', () => {
  let redis: TestRedis;
  let env: NodeJS.ProcessEnv;
  let first = '';

  before(async () => {
    redis = await startTestRedis();
    const remote = join(root, 'remote.git');
    seedUpstream(root, remote, upstream);
    writeFileSync(join(upstream, 'package.json'), '{"name":"toy","version":"1.0.0","private":true,"scripts":{"build":"node build.js"}}\n');
    writeFileSync(join(upstream, 'package-lock.json'), '{"name":"toy","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"toy","version":"1.0.0"}}}\n');
    writeFileSync(join(upstream, 'report.sh'), REPORTS);
    git(upstream, 'add', 'package.json', 'package-lock.json', 'report.sh');
    commit(upstream, 'build.js', BUILD_OK, 'the toy app');
    git(upstream, 'push', '-q', 'origin', 'HEAD:main');
    git(root, 'clone', '-q', remote, checkout);
    first = head(checkout);

    // What install.sh leaves: the app built from the checkout's HEAD, its commit, the checkout's path.
    mkdirSync(join(prefix, 'app'), { recursive: true });
    mkdirSync(join(prefix, 'self-update'), { recursive: true });
    git(checkout, 'archive', '-o', join(root, 'first.tar'), 'HEAD');
    assert.equal(run('tar', ['-x', '-f', join(root, 'first.tar'), '-C', join(prefix, 'app')]).code, 0);
    writeFileSync(join(prefix, 'app', '.release'), `${first}\n`);
    writeFileSync(join(prefix, 'self-update', 'checkout'), `${checkout}\n`);
    writeFileSync(join(prefix, '.env'), `ADMIN_IDS=1001\nDATA_DIR=${join(root, 'data')}\nLOG_DIR=${join(root, 'logs')}\nREDIS_URL=${redis.url}\n`, { mode: 0o600 });

    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'systemctl'),
      '#!/usr/bin/env bash\n# Stand-in: records the call; a restart of potion-runner starts the app that is now in PREFIX/app.\n' +
        'printf \'%s\\n\' "$*" >>"$SU_CALLS"\n' +
        'if [ "$1" = restart ] && [ "$2" = potion-runner.service ] && [ -f "$POTION_SELFUPDATE_PREFIX/app/report.sh" ]; then sh "$POTION_SELFUPDATE_PREFIX/app/report.sh"; fi\n',
    );
    chmodSync(join(bin, 'systemctl'), 0o755);
    env = {
      ...gitEnv,
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: root,
      SU_CALLS: calls,
      TOY_REDIS_URL: redis.url,
      TOY_PROC_PREFIX: keys.proc(''),
      POTION_SELFUPDATE_PREFIX: prefix,
      POTION_SELFUPDATE_CLI: CLI,
      POTION_SELFUPDATE_HEALTH_SEC: '6',
      POTION_SELFUPDATE_USER: 'potion-nobody',
    };
  });
  after(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const selfUpdate = (mode: 'check' | 'run') => run('bash', [SCRIPT, mode], { env, timeout: 180_000 });
  const status = () => {
    const s = parseSelfUpdateStatus(readFileSync(join(prefix, 'self-update', 'status'), 'utf8'));
    assert.ok(s, 'the worker can read the status the script wrote');
    return s;
  };
  const push = (file: string, text: string, subject: string) => {
    commit(upstream, file, text, subject);
    git(upstream, 'push', '-q', 'origin', 'HEAD:main');
    return head(upstream);
  };

  test('the script is shellcheck-clean', { skip: which('shellcheck') ? false : 'shellcheck is not installed' }, () => {
    const r = run('shellcheck', [SCRIPT, join(REPO, 'deploy/lib/selfupdate.sh')]);
    assert.equal(r.code, 0, r.all);
  });

  test('check fetches and lists the commits between the running build and upstream; the checkout and the app stay as they are', () => {
    const second = push('build.js', `${BUILD_OK}// faster\n`, 'feat: faster status');
    const r = selfUpdate('check');
    assert.equal(r.code, 0, r.all);
    assert.deepEqual(r.stdout.trim().split('\n'), [`running ${short(first)} the toy app`, 'upstream origin/main', 'total 1', `commit ${short(second)} feat: faster status`]);
    assert.equal(head(checkout), first, 'check does not move the checkout');
    assert.equal(release(join(prefix, 'app')), first);
  });

  test('run: a build that succeeds and reports healthy is switched to; the previous build is kept; the chat reads the version', () => {
    const second = head(upstream);
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'updated', JSON.stringify(s));
    assert.equal(release(join(prefix, 'app')), second, 'the new build runs');
    assert.ok(existsSync(join(prefix, 'app', 'dist', 'built')), 'it was built by its own npm run build');
    assert.equal(release(join(prefix, 'app.prev')), first, 'the previous build is kept');
    assert.equal(restarts(), 1);
    assert.equal(head(checkout), second, 'the checkout follows what runs (a later install.sh does not go back)');
    assert.equal(selfUpdateResultText(s), `✅ potion-runner sudah diupdate dan sehat.\nSekarang jalan: ${short(second)} feat: faster status`);
  });

  test('run: a build that fails switches nothing and restarts nothing; the chat says the old version still runs and why', () => {
    const good = head(checkout);
    const broken = push('build.js', BUILD_BROKEN, 'refactor the worker');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'build-failed', JSON.stringify(s));
    assert.equal(release(join(prefix, 'app')), good, 'the previous build still runs');
    assert.equal(restarts(), 1, 'no restart');
    assert.ok(!existsSync(join(prefix, 'app.new')), 'the failed build is removed');
    assert.equal(head(checkout), good);
    assert.equal(
      selfUpdateResultText(s),
      `❌ Build versi ${short(broken)} refactor the worker gagal (toy build: apps/worker/src/main.ts(3,1): error TS1005). Tidak ada yang diganti, versi lama tetap jalan.\n` +
        `Sekarang jalan: ${short(good)} feat: faster status`,
    );
  });

  test('run: a build whose processes never report the new release is rolled back to the previous build and restarted again', () => {
    const good = head(checkout);
    writeFileSync(join(upstream, 'report.sh'), REPORTS_NOTHING);
    git(upstream, 'add', 'report.sh');
    const silent = push('build.js', BUILD_OK, 'switch the worker to the new queue names');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'rolled-back', JSON.stringify(s));
    assert.equal(release(join(prefix, 'app')), good, 'the previous build runs again');
    assert.ok(!existsSync(join(prefix, 'app.failed')), 'the unhealthy build is not left behind');
    assert.equal(restarts(), 3, 'restarted into the new build, then back into the old one');
    assert.equal(head(checkout), good, 'the checkout stays at what runs');
    assert.equal(
      selfUpdateResultText(s),
      `↩️ Versi baru ${short(silent)} switch the worker to the new queue names tidak sehat (versi baru tidak lapor sehat dalam 6 detik), jadi balik ke versi lama.\n` +
        `Sekarang jalan: ${short(good)} feat: faster status`,
    );
  });

  test('run with nothing new: up to date, no build, no restart', () => {
    git(upstream, 'reset', '-q', '--hard', head(checkout));
    git(upstream, 'push', '-q', '--force', 'origin', 'HEAD:main');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'up-to-date', JSON.stringify(s));
    assert.equal(restarts(), 3);
  });
});
