import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { APT_SIMULATE_ARGS, parseAptSimulation } from '@potion/adapters';
import { createStandins, STANDIN_BIN } from '@potion/testkit';

// The apt-get stand-in's simulation is a claim about the real tool: checked here against this
// machine's own apt-get, from the package lists on disk (no network). The worker runs as an
// unprivileged user, so when this test runs as root the real one runs as `nobody` (apt then
// starts with its "NOTE: This is only a simulation!" like the stand-in without STANDIN_SUDO).
const REAL = '/usr/bin/apt-get';
const LISTS = '/var/lib/apt/lists';
const hasLists = existsSync(LISTS) && readdirSync(LISTS).some((f) => f.endsWith('_Packages') || /_Packages\.\w+$/.test(f));
const asRoot = process.getuid?.() === 0;
const canDrop = !asRoot || existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser');
const skip = !existsSync(REAL) ? 'no apt-get on this machine' : !hasLists ? 'the apt package lists are empty (apt-get update never ran)' : !canDrop ? 'running as root without runuser' : false;

const env = { ...process.env, LC_ALL: 'C.UTF-8' };
function realSimulation(): string {
  const cmd = asRoot ? ['runuser', '-u', 'nobody', '--', REAL, ...APT_SIMULATE_ARGS] : [REAL, ...APT_SIMULATE_ARGS];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** What kind of line it is, by the shape the parser and a reader rely on (not the package names). */
function kind(line: string): string {
  if (line === '') return 'blank';
  if (line === 'NOTE: This is only a simulation!') return 'note';
  if (/^ {6}\S/.test(line)) return 'note-body';
  if (/^ {2}\S/.test(line)) return 'package-list';
  if (/^(Reading package lists|Building dependency tree|Reading state information|Calculating upgrade)\.\.\.( Done)?$/.test(line)) return `progress: ${line}`;
  if (/^The following [a-zA-Z ]+:$/.test(line)) return `header: ${line}`;
  if (/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/.test(line)) return 'summary';
  if (line.startsWith('Inst ')) return parseAptSimulation(line).installs.length === 1 ? 'inst' : `inst not parsed: ${line}`;
  // A trailing "[]" or "[pkg:arch ]": dependencies not yet configured at that step.
  if (/^Conf \S+ \(\S+ .+ \[[^\]]+\]\)( \[[^\]]*\])?$/.test(line)) return 'conf';
  if (/^Remv \S+ \[[^\]]+\]/.test(line)) return 'remv';
  return `other: ${line}`;
}
const kinds = (text: string) => new Set(text.split('\n').map(kind));

describe('the apt-get stand-in simulates like the real apt-get', { skip }, () => {
  const standins = createStandins();
  after(() => standins.cleanup());

  test('every line shape of the stand-in occurs in the real output, and the parser reads every Inst line of both', () => {
    const real = realSimulation();
    const realKinds = kinds(real);
    assert.deepEqual([...realKinds].filter((k) => k.startsWith('inst not parsed') || k.startsWith('other')), [], 'the parser and the shapes cover the real output');
    const truth = parseAptSimulation(real);
    assert.ok(truth.counts, 'the real output has its summary line');
    assert.equal(truth.installs.length, truth.counts.upgraded + truth.counts.newlyInstalled, 'one Inst line per planned install');

    // Compared like with like: upgrades in the stand-in only when the real lists have some.
    if (truth.installs.length > 0) {
      standins.set('apt/upgradable', 'openssl 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5 Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security\nvim 2:9.1.0016-1ubuntu7.5 2:9.1.0016-1ubuntu7.6\n');
    } else standins.clear('apt/upgradable');
    const r = spawnSync(join(STANDIN_BIN, 'apt-get'), [...APT_SIMULATE_ARGS], { encoding: 'utf8', env: { ...env, ...standins.env }, timeout: 10_000 });
    assert.equal(r.status, 0, r.stderr);
    const fakeKinds = kinds(r.stdout);
    assert.deepEqual([...fakeKinds].filter((k) => !realKinds.has(k)), [], 'line shapes the real apt-get does not write');
    const fake = parseAptSimulation(r.stdout);
    assert.ok(fake.counts);
    assert.equal(fake.installs.length, fake.counts.upgraded + fake.counts.newlyInstalled);
    if (truth.installs.length > 0) assert.deepEqual(fake.security.map((p) => p.name), ['openssl']);
  });
});
