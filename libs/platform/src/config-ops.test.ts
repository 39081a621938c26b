import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './errors.js';
import { loadConfig } from './config.js';

const base = { ENV_FILE: '/nonexistent/.env', DATA_DIR: '/tmp/potion-cfg' };

test('update folders, probe URLs and the power wait have safe defaults', () => {
  const c = loadConfig({ env: base, cwd: '/tmp' });
  assert.deepEqual(c.updateRepos, []);
  assert.deepEqual(c.updateDepsDirs, []);
  assert.equal(c.publicIpUrl, 'https://api.ipify.org');
  assert.match(c.speedtestUrl ?? '', /^https:\/\/speed\.cloudflare\.com\//);
  assert.equal(c.pingTarget, '1.1.1.1');
  assert.equal(c.powerAnnounceWaitMs, 10_000);
});

test('"off" switches the probes off and folder lists are trimmed absolute paths', () => {
  const c = loadConfig({ env: { ...base, PUBLIC_IP_URL: 'off', SPEEDTEST_URL: 'off', UPDATE_REPOS: '/opt/a/, /home/dre/rag' }, cwd: '/tmp' });
  assert.equal(c.publicIpUrl, undefined);
  assert.equal(c.speedtestUrl, undefined);
  assert.deepEqual(c.updateRepos, ['/opt/a', '/home/dre/rag']);
});

test('relative or ".." folders are refused with the variable named', () => {
  for (const bad of ['opt/a', '/opt/../etc']) {
    assert.throws(
      () => loadConfig({ env: { ...base, UPDATE_DEPS_DIRS: bad }, cwd: '/tmp' }),
      (e: unknown) => e instanceof ConfigError && e.problems[0]?.variable === 'UPDATE_DEPS_DIRS',
    );
  }
  assert.throws(() => loadConfig({ env: { ...base, SPEEDTEST_URL: 'ftp://x' }, cwd: '/tmp' }), /SPEEDTEST_URL/);
});
