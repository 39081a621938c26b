import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAptConfigShell, parseAutoremoveSimulation, parseDf, parseDpkgSizes, parseDuTotal, parseJournalDiskUsage, parseJournalVacuum, parseSystemdBytes } from './clean-parse.js';
import { sample } from './sample.test-helper.js';

// Real output of this project's Debian 12 test machine (apt 2.6.1, dpkg 1.21.22, systemd 252,
// coreutils 9.1); samples/clean-samples.md says how each was made.

test('apt-get -s autoremove: every Remv line is a package to remove, with the summary count', () => {
  const p = parseAutoremoveSimulation(sample('apt-sim-autoremove-debian12.txt'));
  assert.deepEqual(p.packages, ['bc', 'cmake', 'cmake-data', 'cscope', 'debootstrap', 'ed', 'libarchive13', 'libjsoncpp25', 'librhash0', 'libuv1']);
  assert.equal(p.toRemove, 10);
});

test('apt-get -s autoremove with nothing to remove: no packages, and the summary says 0', () => {
  assert.deepEqual(parseAutoremoveSimulation(sample('apt-sim-autoremove-nothing-debian12.txt')), { packages: [], toRemove: 0 });
  assert.equal(parseAutoremoveSimulation('E: Could not open lock file').toRemove, undefined);
});

test('a multi-arch package in a Remv line is named without its architecture', () => {
  assert.deepEqual(parseAutoremoveSimulation('Remv libc6:i386 [2.36-9+deb12u4]\nRemv linux-image-6.1.0-18-amd64 [6.1.76-1]\n').packages, ['libc6', 'linux-image-6.1.0-18-amd64']);
});

test('dpkg-query Installed-Size is KiB, read into bytes per package', () => {
  const sizes = parseDpkgSizes(sample('dpkg-query-sizes-debian12.txt'));
  assert.equal(sizes.size, 10);
  assert.equal(sizes.get('cmake'), 28897 * 1024);
  assert.equal(sizes.get('ed'), 108 * 1024);
});

test('journalctl --disk-usage and --vacuum-size: systemd sizes (1024-based, one decimal) into bytes', () => {
  assert.equal(parseJournalDiskUsage(sample('journalctl-disk-usage-debian12.txt')), 32 * 1024 ** 2);
  assert.equal(parseJournalDiskUsage(sample('journalctl-disk-usage-empty-debian12.txt')), 0);
  assert.deepEqual(parseJournalVacuum(sample('journalctl-vacuum-debian12.txt')), { freedBytes: 16 * 1024 ** 2, deleted: 1 });
  assert.equal(parseSystemdBytes('1.5G'), 1.5 * 1024 ** 3);
  assert.equal(parseSystemdBytes('512B'), 512);
  assert.equal(parseSystemdBytes('lots'), undefined);
});

test('apt-config shell names the archives folder; du -c gives the total of the .deb files', () => {
  assert.equal(parseAptConfigShell(sample('apt-config-archives-debian12.txt')), '/var/cache/apt/archives/');
  assert.equal(parseAptConfigShell(''), undefined);
  assert.equal(parseDuTotal(sample('du-debs-total-debian12.txt')), 1359872);
  assert.equal(parseDuTotal('du: cannot access'), undefined);
});

test('df -B1 --output=size,used,avail,target: one row per path asked, the header skipped', () => {
  const rows = parseDf(sample('df-debian12.txt'));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], { sizeBytes: 270553174016, usedBytes: 28439564288, availBytes: 80504729600, target: '/' });
});
