import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from './finding.js';
import { checkSecurityUpdates } from './updates.js';

function system(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-updates-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (root: string) => {
  const out: Finding[] = [];
  checkSecurityUpdates(root, out);
  return out;
};
const BIN = 'usr/bin/unattended-upgrade';

test('unattended-upgrades installed and turned on by 20auto-upgrades: ok, naming the file', (t) => {
  const root = system(t, { [BIN]: '', 'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n' });
  assert.deepEqual(check(root), [{ level: 'ok', what: 'automatic security updates on (/etc/apt/apt.conf.d/20auto-upgrades)' }]);
});

test('not installed, not turned on, or turned off by a later file: a problem with the fix', (t) => {
  const missing = check(system(t, {}));
  assert.equal(missing[0]?.level, 'problem');
  assert.match(missing[0]?.what ?? '', /unattended-upgrades is not installed/);
  assert.equal(missing[0]?.fix, 'sudo apt-get install unattended-upgrades, then: sudo deploy/install.sh');

  const off = check(system(t, { [BIN]: '', 'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Unattended-Upgrade "1";\n', 'etc/apt/apt.conf.d/99local': '  APT::Periodic::Unattended-Upgrade "0";\n' }));
  assert.equal(off[0]?.what, 'automatic security updates are turned off in /etc/apt/apt.conf.d/99local');
  assert.match(off[0]?.fix ?? '', /dpkg-reconfigure -plow unattended-upgrades/);

  const none = check(system(t, { [BIN]: '', 'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Update-Package-Lists "1";\n' }));
  assert.match(none[0]?.what ?? '', /not turned on/);
  assert.match(none[0]?.fix ?? '', /sudo deploy\/install\.sh/);
});
