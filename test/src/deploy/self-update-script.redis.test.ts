import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import { parseSelfUpdateStatus, selfUpdateResultText } from '@potion/worker';
import { REPO, run, which } from '../harness/deploy-helpers.js';
import { git } from '../harness/git-repo.js';
import { BUILD_BROKEN, BUILD_OK, makeToy, REPORTS_NOTHING, SELF_UPDATE_SCRIPT, type Toy } from '../harness/self-update-toy.js';

const root = mkdtempSync(join(tmpdir(), 'potion-self-update-'));

describe('deploy/self-update.sh, for real in a temp prefix (real git, npm, Redis and the CLI health check; systemctl stand-in)', () => {
  let redis: TestRedis;
  let toy: Toy;

  before(async () => {
    redis = await startTestRedis();
    toy = makeToy({ root, redisUrl: redis.url, healthSec: 6 });
  });
  after(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const selfUpdate = (mode: 'check' | 'run') => run('bash', [SELF_UPDATE_SCRIPT, mode], { env: toy.env, timeout: 180_000 });
  const status = () => {
    const s = parseSelfUpdateStatus(readFileSync(join(toy.prefix, 'self-update', 'status'), 'utf8'));
    assert.ok(s, 'the worker can read the status the script wrote');
    return s;
  };

  test('the script is shellcheck-clean', { skip: which('shellcheck') ? false : 'shellcheck is not installed' }, () => {
    const r = run('shellcheck', [SELF_UPDATE_SCRIPT, join(REPO, 'deploy/lib/selfupdate.sh')]);
    assert.equal(r.code, 0, r.all);
  });

  test('check fetches and lists the commits between the running build and upstream; the checkout and the app stay as they are', () => {
    const second = toy.push('build.js', `${BUILD_OK}// faster\n`, 'feat: faster status');
    const r = selfUpdate('check');
    assert.equal(r.code, 0, r.all);
    assert.deepEqual(r.stdout.trim().split('\n'), [`running ${toy.short(toy.first)} the toy app`, 'upstream origin/main', 'total 1', `commit ${toy.short(second)} feat: faster status`]);
    assert.equal(toy.head(toy.checkout), toy.first, 'check does not move the checkout');
    assert.equal(toy.release(join(toy.prefix, 'app')), toy.first);
  });

  test('run: a build that succeeds and reports healthy is switched to; the previous build is kept; the chat reads the version', () => {
    const second = toy.head(toy.upstream);
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'updated', JSON.stringify(s));
    assert.equal(toy.release(join(toy.prefix, 'app')), second, 'the new build runs');
    assert.ok(existsSync(join(toy.prefix, 'app', 'dist', 'built')), 'it was built by its own npm run build');
    assert.equal(toy.release(join(toy.prefix, 'app.prev')), toy.first, 'the previous build is kept');
    assert.equal(toy.restarts(), 1);
    assert.equal(toy.head(toy.checkout), second, 'the checkout follows what runs (a later install.sh does not go back)');
    assert.equal(selfUpdateResultText(s), `✅ potion-runner sudah diupdate dan sehat.\nSekarang jalan: ${toy.short(second)} feat: faster status`);
  });

  test('run: a build that fails switches nothing and restarts nothing; the chat says the old version still runs and why', () => {
    const good = toy.head(toy.checkout);
    const broken = toy.push('build.js', BUILD_BROKEN, 'refactor the worker');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'build-failed', JSON.stringify(s));
    assert.equal(toy.release(join(toy.prefix, 'app')), good, 'the previous build still runs');
    assert.equal(toy.restarts(), 1, 'no restart');
    assert.ok(!existsSync(join(toy.prefix, 'app.new')), 'the failed build is removed');
    assert.equal(toy.head(toy.checkout), good);
    assert.equal(
      selfUpdateResultText(s),
      `❌ Build versi ${toy.short(broken)} refactor the worker gagal (toy build: apps/worker/src/main.ts(3,1): error TS1005). Tidak ada yang diganti, versi lama tetap jalan.\n` +
        `Sekarang jalan: ${toy.short(good)} feat: faster status`,
    );
  });

  test('run: a build whose processes never report the new release is rolled back to the previous build and restarted again', () => {
    const good = toy.head(toy.checkout);
    writeFileSync(join(toy.upstream, 'report.sh'), REPORTS_NOTHING);
    git(toy.upstream, 'add', 'report.sh');
    const silent = toy.push('build.js', BUILD_OK, 'switch the worker to the new queue names');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'rolled-back', JSON.stringify(s));
    assert.equal(toy.release(join(toy.prefix, 'app')), good, 'the previous build runs again');
    assert.ok(!existsSync(join(toy.prefix, 'app.failed')), 'the unhealthy build is not left behind');
    assert.equal(toy.restarts(), 3, 'restarted into the new build, then back into the old one');
    assert.equal(toy.head(toy.checkout), good, 'the checkout stays at what runs');
    assert.equal(
      selfUpdateResultText(s),
      `↩️ Versi baru ${toy.short(silent)} switch the worker to the new queue names tidak sehat (versi baru tidak lapor sehat dalam 6 detik), jadi balik ke versi lama.\n` +
        `Sekarang jalan: ${toy.short(good)} feat: faster status`,
    );
  });

  test('run with nothing new: up to date, no build, no restart', () => {
    git(toy.upstream, 'reset', '-q', '--hard', toy.head(toy.checkout));
    git(toy.upstream, 'push', '-q', '--force', 'origin', 'HEAD:main');
    const r = selfUpdate('run');
    assert.equal(r.code, 0, r.all);
    const s = status();
    assert.equal(s.outcome, 'up-to-date', JSON.stringify(s));
    assert.equal(toy.restarts(), 3);
  });
});
