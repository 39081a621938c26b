import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APT_UPGRADE_ARGS, parseAptUpdate, parseAptUpgrade } from './apt.js';
import { parsePs } from './ps.js';
import { parseGitLog } from './git.js';
import { parseNpmCi, parsePipInstall, parseUvSync } from './deps.js';
import { sample } from './sample.test-helper.js';

test('apt-get upgrade output gives what was upgraded with versions, kept back and phased packages', () => {
  const r = parseAptUpgrade(sample('apt-upgrade.txt'));
  assert.deepEqual(r.counts, { upgraded: 4, newlyInstalled: 0, removed: 0, notUpgraded: 5 });
  assert.deepEqual(r.upgraded.map((p) => p.name), ['curl', 'libcurl3t64-gnutls', 'libcurl4t64', 'openssl']);
  assert.deepEqual(r.upgraded[0], { name: 'curl', from: '8.5.0-2ubuntu10.4', to: '8.5.0-2ubuntu10.5' });
  // "libcurl4t64:amd64" in the Unpacking line is matched to the plain name.
  assert.equal(r.upgraded[2]!.to, '8.5.0-2ubuntu10.5');
  assert.deepEqual(r.keptBack, ['linux-generic', 'linux-headers-generic', 'linux-image-generic']);
  assert.deepEqual(r.deferred, ['python3-distupgrade', 'ubuntu-release-upgrader-core']);
});

test('apt-get upgrade with nothing to do gives zero counts', () => {
  const r = parseAptUpgrade(sample('apt-upgrade-nothing.txt'));
  assert.equal(r.counts.upgraded, 0);
  assert.deepEqual(r.upgraded, []);
});

test('apt-get update while offline keeps the Err and W lines as problems', () => {
  const r = parseAptUpdate(sample('apt-update-offline.txt'));
  assert.equal(r.hits, 1);
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0]!, /^Err:1/);
});

test('the upgrade command keeps config files, never prompts and is never dist-upgrade', () => {
  const args = APT_UPGRADE_ARGS.join(' ');
  assert.match(args, /DEBIAN_FRONTEND=noninteractive/);
  assert.match(args, /-o Dpkg::Options::=--force-confold/);
  assert.equal(APT_UPGRADE_ARGS.at(-1), 'upgrade');
  assert.doesNotMatch(args, /dist-upgrade|full-upgrade/);
});

test('ps output parses commands with spaces and converts RSS to bytes', () => {
  const p = parsePs(sample('ps.txt'));
  assert.equal(p.length, 6);
  assert.deepEqual(p.at(-1), { pid: 2310, cpuPercent: 0.1, memPercent: 10.4, rssBytes: 851968 * 1024, command: 'Web Content' });
});

test('git log lines split at the first tab', () => {
  assert.deepEqual(parseGitLog('a1b2c3d\tfix: handle\ttabs\n9f8e7d6\tfirst\n'), [
    { hash: 'a1b2c3d', subject: 'fix: handle\ttabs' },
    { hash: '9f8e7d6', subject: 'first' },
  ]);
});

test('npm ci, pip and uv summaries', () => {
  assert.equal(parseNpmCi('\nadded 120 packages, and audited 121 packages in 3s\n\nfound 0 vulnerabilities\n').summary, 'added 120 packages, and audited 121 packages in 3s');
  const pip = parsePipInstall('Collecting requests==2.32.3\nSuccessfully installed certifi-2024.8.30 requests-2.32.3\n');
  assert.deepEqual(pip.changed, ['certifi-2024.8.30', 'requests-2.32.3']);
  assert.equal(parsePipInstall('Requirement already satisfied: requests==2.32.3 in ./.venv/lib/python3.12/site-packages\n').summary, 'sudah sesuai lock file');
  const uv = parseUvSync('Resolved 12 packages in 1ms\nInstalled 2 packages in 5ms\n + idna==3.10\n - idna==3.9\n');
  assert.equal(uv.summary, 'Installed 2 packages in 5ms');
  assert.deepEqual(uv.changed, ['+ idna==3.10', '- idna==3.9']);
});
