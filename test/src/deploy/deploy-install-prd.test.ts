// install.sh under --root, issue 17: the unit the PRD's commands name (potion-runner.service,
// replacing potion-runner.target), automatic security updates, htop and sysstat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run } from '../harness/deploy-helpers.js';

const INSTALL = join(REPO, 'deploy', 'install.sh');
const AUTO = 'etc/apt/apt.conf.d/20auto-upgrades';

function tempRoot(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-root-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function install(root: string, args: readonly string[] = []) {
  const r = run('bash', [INSTALL, '--root', root, '--no-build', ...args], { env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.code, 0, r.all);
  return r;
}

test('the installer names the PRD commands and installs potion-runner.service, not a target', (t) => {
  const root = tempRoot(t);
  const r = install(root);
  assert.match(r.stdout, /^Check it: {3}systemctl status potion-runner$/m);
  assert.match(r.stdout, /^Live log: {3}journalctl -u potion-runner -f /m);
  assert.match(r.stdout, /^Restart: {4}sudo systemctl restart potion-runner$/m);
  assert.ok(existsSync(join(root, 'etc/systemd/system/potion-runner.service')));
  assert.equal(existsSync(join(root, 'etc/systemd/system/potion-runner.target')), false);
});

test('an install from before issue 17: the old target and its links are removed, the new units written', (t) => {
  const root = tempRoot(t);
  install(root);
  const sys = join(root, 'etc/systemd/system');
  writeFileSync(join(sys, 'potion-runner.target'), '[Unit]\nDescription=old\n');
  mkdirSync(join(sys, 'potion-runner.target.wants'));
  symlinkSync('/etc/systemd/system/potion-runner-worker.service', join(sys, 'potion-runner.target.wants', 'potion-runner-worker.service'));
  const r = install(root);
  assert.match(r.stdout, /changed: remove \/etc\/systemd\/system\/potion-runner\.target$/m);
  assert.match(r.stdout, /changed: remove \/etc\/systemd\/system\/potion-runner\.target\.wants\/$/m);
  assert.equal(existsSync(join(sys, 'potion-runner.target')), false);
  assert.equal(existsSync(join(sys, 'potion-runner.target.wants')), false);
  assert.match(install(root).stdout, /Nothing to change/);
});

test('htop and sysstat are in the system packages (PRD section 5)', (t) => {
  const r = install(tempRoot(t), ['--dry-run']);
  assert.match(r.stdout, /^==> System packages: .*\bhtop\b.*\bsysstat\b/m);
});

test('security updates: 20auto-upgrades is written when nothing configures them, and a second run leaves it', (t) => {
  const root = tempRoot(t);
  const r = install(root);
  assert.match(r.stdout, /^==> Security updates: unattended-upgrades/m);
  assert.match(r.stdout, /changed: wrote \/etc\/apt\/apt\.conf\.d\/20auto-upgrades \(mode 644/);
  assert.equal(readFileSync(join(root, AUTO), 'utf8'), 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n');
  const again = install(root);
  assert.match(again.stdout, /ok: automatic security updates are on: \/etc\/apt\/apt\.conf\.d\/20auto-upgrades sets APT::Periodic::Unattended-Upgrade "1" \(left as it is\)/);
  assert.match(again.stdout, /Nothing to change/);
});

test("security updates: the user's own configuration is left alone, and the installer says so", (t) => {
  const off = tempRoot(t);
  mkdirSync(join(off, 'etc/apt/apt.conf.d'), { recursive: true });
  const mine = '// mine\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "0";\n';
  writeFileSync(join(off, AUTO), mine);
  const r = install(off);
  assert.equal(readFileSync(join(off, AUTO), 'utf8'), mine);
  assert.match(r.stderr, /WARNING: \/etc\/apt\/apt\.conf\.d\/20auto-upgrades turns automatic security updates off .*left as you set it\. To turn them on: sudo dpkg-reconfigure -plow unattended-upgrades/);

  const elsewhere = tempRoot(t);
  mkdirSync(join(elsewhere, 'etc/apt/apt.conf.d'), { recursive: true });
  writeFileSync(join(elsewhere, 'etc/apt/apt.conf.d/10periodic'), 'APT::Periodic::Unattended-Upgrade "1";\n');
  const r2 = install(elsewhere);
  assert.equal(existsSync(join(elsewhere, AUTO)), false, 'no second file beside the one that configures it');
  assert.match(r2.stdout, /ok: automatic security updates are on: \/etc\/apt\/apt\.conf\.d\/10periodic sets .* \(left as it is\)/);

  const other = tempRoot(t);
  mkdirSync(join(other, 'etc/apt/apt.conf.d'), { recursive: true });
  writeFileSync(join(other, AUTO), 'APT::Periodic::Update-Package-Lists "1";\n');
  const r3 = install(other);
  assert.equal(readFileSync(join(other, AUTO), 'utf8'), 'APT::Periodic::Update-Package-Lists "1";\n');
  assert.match(r3.stderr, /WARNING: \/etc\/apt\/apt\.conf\.d\/20auto-upgrades exists but does not turn on unattended upgrades: left as it is/);
});
