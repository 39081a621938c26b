import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAutoremoveSimulation, parseDf, parseDpkgSizes, parseJournalDiskUsage, parseJournalVacuum } from '@potion/adapters';
import { createStandins, STANDIN_BIN } from '@potion/testkit';

// The clean-up stand-ins (apt-get -s autoremove / autoremove, dpkg-query, journalctl
// --disk-usage / --vacuum-size, df) are claims about the real tools: each checked here against
// this machine's own tool, read-only. apt gets a copy of its extended_states with two leaf
// packages marked automatic (Dir::State::extended_states), so the real apt plans a removal
// without the machine's state changing; journal files are written by systemd-journal-remote.
const env = { ...process.env, LC_ALL: 'C.UTF-8' };
const root = mkdtempSync(join(tmpdir(), 'potion-standin-clean-'));
chmodSync(root, 0o755); // the real apt runs as nobody and must read the extended_states copy
const standins = createStandins();
after(() => {
  standins.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const real = (cmd: string, args: readonly string[]): SpawnSyncReturns<string> => spawnSync(cmd, [...args], { encoding: 'utf8', env, timeout: 120_000 });
const fake = (tool: string, args: readonly string[], extra: Record<string, string> = {}) =>
  spawnSync(join(STANDIN_BIN, tool), [...args], { encoding: 'utf8', env: { ...env, ...standins.env, ...extra }, timeout: 10_000 });
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** The shape of an apt line (not the names or numbers in it). */
function aptKind(line: string): string {
  if (line === 'NOTE: This is only a simulation!') return 'note';
  if (/^ {6}\S/.test(line)) return 'note-body';
  if (/^ {2}\S/.test(line)) return 'package-list';
  if (/^(Reading package lists|Building dependency tree|Reading state information)\.\.\.( Done)?$/.test(line)) return `progress: ${line}`;
  if (line === 'The following packages will be REMOVED:') return 'header-removed';
  if (/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/.test(line)) return 'summary';
  if (/^After this operation, \d+(\.\d)? [kMG]B disk space will be freed\.$/.test(line)) return 'after-freed';
  if (/^Remv \S+ \[[^\]]+\]$/.test(line)) return 'remv';
  return `other: ${line}`;
}

const AUTO = ['ed', 'bc'].filter((p) => real('dpkg-query', ['-W', '-f=${Status}', '--', p]).stdout === 'install ok installed');
const aptSkip = !existsSync('/usr/bin/apt-get') || !existsSync('/var/lib/apt/extended_states') ? 'no apt here' : AUTO.length === 0 ? 'neither ed nor bc is installed' : false;

describe('apt-get autoremove and dpkg-query stand-ins print like the real ones', { skip: aptSkip }, () => {
  const ext = join(root, 'extended_states');
  copyFileSync('/var/lib/apt/extended_states', ext);
  for (const p of AUTO) appendFileSync(ext, `\nPackage: ${p}\nArchitecture: amd64\nAuto-Installed: 1\n`);
  const override = ['-o', `Dir::State::extended_states=${ext}`];
  // Set again by each test: the stand-in's autoremove empties it, like apt empties the real list.
  const autoremovable = () => standins.set('apt/autoremovable', 'linux-image-6.8.0-31-generic 6.8.0-31.31 40960\nlibfoo1 1.2-3 2048\n');

  test('-s autoremove: every line shape of the stand-in occurs in the real simulation, and both parse', () => {
    const asNobody = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--', '/usr/bin/apt-get'] : ['/usr/bin/apt-get'];
    const r = real(asNobody[0]!, [...asNobody.slice(1), '-s', 'autoremove', ...override]);
    assert.equal(r.status, 0, r.stderr);
    const truth = parseAutoremoveSimulation(r.stdout);
    for (const p of AUTO) assert.ok(truth.packages.includes(p), `the real apt plans to remove ${p}`);
    const realKinds = new Set(lines(r.stdout).map(aptKind));
    assert.deepEqual([...realKinds].filter((k) => k.startsWith('other')), []);
    autoremovable();
    const f = fake('apt-get', ['-s', 'autoremove']);
    assert.equal(f.status, 0, f.stderr);
    assert.deepEqual(lines(f.stdout).map(aptKind).filter((k) => !realKinds.has(k)), [], 'shapes the real apt-get does not print');
    assert.deepEqual(parseAutoremoveSimulation(f.stdout), { packages: ['linux-image-6.8.0-31-generic', 'libfoo1'], toRemove: 2 });
  });

  test('autoremove: the plan the stand-in prints before removing has the real run\'s shapes (real one answered "no")', { skip: process.getuid?.() === 0 ? false : 'the real autoremove needs root to print its plan' }, () => {
    const r = real('/usr/bin/apt-get', ['autoremove', '--assume-no', ...override]);
    const realKinds = new Set(lines(r.stdout).map(aptKind));
    assert.ok(realKinds.has('after-freed'), r.stdout + r.stderr);
    autoremovable();
    const f = fake('apt-get', ['-q', '-y', 'autoremove'], { STANDIN_SUDO: '1' });
    assert.equal(f.status, 0, f.stderr);
    const plan = lines(f.stdout).slice(0, lines(f.stdout).findIndex((l) => l.startsWith('(Reading database')));
    assert.deepEqual(plan.map(aptKind).filter((k) => !realKinds.has(k)), []);
  });

  test('dpkg-query: one "name<TAB>KiB" line per known package, "no packages found" and exit 1 for an unknown one', () => {
    const args = ['-W', '-f=${Package}\t${Installed-Size}\n', '--', AUTO[0]!, 'no-such-package-xyz'];
    const r = real('dpkg-query', args);
    autoremovable();
    const f = fake('dpkg-query', ['-W', '-f=${Package}\t${Installed-Size}\n', '--', 'libfoo1', 'no-such-package-xyz']);
    for (const x of [r, f]) {
      assert.equal(x.status, 1);
      assert.equal(parseDpkgSizes(x.stdout).size, 1);
      assert.match(x.stdout, /^\S+\t\d+\n$/);
      assert.equal(x.stderr, 'dpkg-query: no packages found matching no-such-package-xyz\n');
    }
  });
});

const REMOTE = '/lib/systemd/systemd-journal-remote';
describe('journalctl --disk-usage and --vacuum-size stand-ins print like systemd\'s', { skip: existsSync(REMOTE) ? false : 'no systemd-journal-remote to write real journal files' }, () => {
  test('the same lines (sizes aside) over one active and one archived file, and the parsers read both', () => {
    const dir = join(root, 'journal');
    mkdirSync(dir);
    const exp = join(root, 'export.txt');
    writeFileSync(exp, Array.from({ length: 3000 }, (_, i) => `__REALTIME_TIMESTAMP=${1_796_541_583_694_000 + i}\n__MONOTONIC_TIMESTAMP=${i + 1}\n_BOOT_ID=0e3c6b5a9d8f47e2b1c0a9f8e7d6c5b4\nMESSAGE=line ${i}\n\n`).join(''));
    // journal-remote writes only *.journal; the copy under a journald archive name is what vacuum may delete.
    const w = real(REMOTE, [`--output=${join(dir, 'system.journal')}`, '--split-mode=none', exp]);
    assert.equal(w.status, 0, w.stderr);
    copyFileSync(join(dir, 'system.journal'), join(dir, 'system@0005f2a1b2c3d4e5-1122334455667788.journal~'));
    const usage = real('journalctl', [`--directory=${dir}`, '--disk-usage']);
    const vacuum = real('journalctl', [`--directory=${dir}`, '--vacuum-size=1K']);
    mkdirSync(join(standins.state, 'disk', 'journal'), { recursive: true });
    for (const name of ['system.journal', 'system@0001-a.journal~']) {
      writeFileSync(join(standins.state, 'disk', 'journal', name), '');
      truncateSync(join(standins.state, 'disk', 'journal', name), 8 * 1024 * 1024);
    }
    const fUsage = fake('journalctl', ['--disk-usage']);
    const fVacuum = fake('journalctl', ['--vacuum-size=1K'], { STANDIN_SUDO: '1' });
    const shape = (t: string) => lines(t).map((l) => l.replace(/\/\S+/g, 'PATH').replace(/\d+(\.\d)?[BKMGTPE]\b/g, 'SIZE'));
    assert.deepEqual(shape(fUsage.stdout), shape(usage.stdout));
    assert.deepEqual(shape(fVacuum.stderr), shape(vacuum.stderr));
    assert.equal(parseJournalDiskUsage(fUsage.stdout), 16 * 1024 * 1024);
    assert.ok((parseJournalDiskUsage(usage.stdout) ?? 0) > 0);
    assert.deepEqual(parseJournalVacuum(fVacuum.stderr), { freedBytes: 8 * 1024 * 1024, deleted: 1 });
    assert.equal(parseJournalVacuum(vacuum.stderr).deleted, 1);
    mkdirSync(join(root, 'empty'));
    const emptyReal = real('journalctl', [`--directory=${join(root, 'empty')}`, '--disk-usage']);
    standins.clear('disk/journal');
    const emptyFake = fake('journalctl', ['--disk-usage']);
    assert.equal(emptyFake.stdout, emptyReal.stdout);
    assert.equal(emptyFake.stderr, emptyReal.stderr);
  });
});

test('df -B1 --output=size,used,avail,target: the stand-in has the real header and row shape', () => {
  const r = real('df', ['-B1', '--output=size,used,avail,target', '--', '/', '/tmp']);
  const f = fake('df', ['-B1', '--output=size,used,avail,target', '--', '/', '/tmp']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(f.status, 0, f.stderr);
  assert.deepEqual(lines(f.stdout)[0]!.trim().split(/\s+/), lines(r.stdout)[0]!.trim().split(/\s+/));
  assert.equal(parseDf(r.stdout).length, 2);
  assert.equal(parseDf(f.stdout).length, 2);
});
