import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAptSimulation } from './apt-simulate.js';
import { sample } from './sample.test-helper.js';

// apt-sim-dist-upgrade-debian12.txt and apt-sim-dist-upgrade-nothing.txt are real outputs of
// `apt-get -s dist-upgrade` (apt 2.6.1, Debian 12.11; the first as a non-root user, so it
// starts with apt's NOTE; the second with an empty Dir::State::Lists).
// apt-sim-dist-upgrade-edited.txt is edited from real lines: the bash lines are real; the
// libc6 line is a real Debian line with Ubuntu 24.04's origins written in; the new kernel
// line is a real security line without the "[old]" part, as apt writes a new package.

test('a real Debian 12 dist-upgrade simulation gives every planned install and the ones from the security archive', () => {
  const r = parseAptSimulation(sample('apt-sim-dist-upgrade-debian12.txt'));
  assert.deepEqual(r.counts, { upgraded: 136, newlyInstalled: 0, removed: 0, notUpgraded: 0 });
  assert.equal(r.installs.length, 136);
  assert.equal(r.security.length, 93);
  assert.deepEqual(r.security.slice(0, 2).map((p) => p.name), ['libgcrypt20-dev', 'libgcrypt20']);
  assert.deepEqual(r.security[1], {
    name: 'libgcrypt20',
    from: '1.10.1-3',
    to: '1.10.1-3+deb12u1',
    origins: ['Debian:12.15/oldstable', 'Debian-Security:12/oldstable-security'],
    security: true,
  });
  const bash = r.installs.find((p) => p.name === 'bash');
  assert.deepEqual(bash, { name: 'bash', from: '5.2.15-2+b8', to: '5.2.15-2+b13', origins: ['Debian:12.15/oldstable'], security: false });
});

test('a simulation with nothing to upgrade gives no installs and zero counts', () => {
  const r = parseAptSimulation(sample('apt-sim-dist-upgrade-nothing.txt'));
  assert.deepEqual(r.installs, []);
  assert.deepEqual(r.security, []);
  assert.deepEqual(r.counts, { upgraded: 0, newlyInstalled: 0, removed: 0, notUpgraded: 0 });
});

test('Ubuntu security origins and new packages from the security archive count; "-updates" alone does not', () => {
  const r = parseAptSimulation(sample('apt-sim-dist-upgrade-edited.txt'));
  assert.deepEqual(r.installs.map((p) => [p.name, p.security]), [['bash', false], ['libc6', true], ['linux-image-6.1.0-31-amd64', true]]);
  assert.equal(r.installs[2]!.from, undefined);
  assert.deepEqual(r.installs[1]!.origins, ['Ubuntu:24.04/noble-updates', 'Ubuntu:24.04/noble-security']);
});

test('output without a summary line (apt cut short) gives undefined counts, not zeros', () => {
  assert.equal(parseAptSimulation('Reading package lists...\n').counts, undefined);
});
