import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, run } from '../harness/deploy-helpers.js';
import { git } from '../harness/git-repo.js';

const INSTALL = join(REPO, 'deploy', 'install.sh');
const UNIT = 'etc/systemd/system/potion-runner-selfupdate.service';
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

function install(root: string, args: readonly string[] = []) {
  const r = run('bash', [INSTALL, '--root', root, '--no-build', ...args], {
    env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.equal(r.code, 0, r.all);
  return r;
}

test('install.sh records what the self-update needs: the checkout, the commit the app is, and root\'s unit; a second run changes nothing; --uninstall removes the unit', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'potion-root-selfupdate-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'etc', 'redis'), { recursive: true });
  writeFileSync(join(root, 'etc', 'redis', 'redis.conf'), 'port 6379\n');
  install(root);
  const p = (x: string) => join(root, x);
  assert.equal(readFileSync(p('opt/potion-runner/self-update/checkout'), 'utf8'), `${REPO}\n`);
  assert.equal(mode(p('opt/potion-runner/self-update')), '750');
  assert.equal(mode(p('opt/potion-runner/self-update/checkout')), '640');
  assert.equal(readFileSync(p('opt/potion-runner/app/.release'), 'utf8'), `${git(REPO, 'rev-parse', 'HEAD').trim()}\n`, 'the app is the checkout\'s HEAD');
  assert.equal(mode(p('opt/potion-runner/app/.release')), '640');
  assert.equal(readFileSync(p(UNIT), 'utf8'), readFileSync(join(REPO, 'deploy/systemd/potion-runner-selfupdate.service'), 'utf8'));
  assert.equal(mode(p(UNIT)), '644');
  assert.match(readFileSync(p('etc/sudoers.d/potion-runner'), 'utf8'), /^Cmnd_Alias POTION_SELF_UPDATE_INCOMING_COMMITS = \/opt\/potion-runner\/app\/deploy\/self-update\.sh check$/m);
  const again = install(root);
  assert.match(again.stdout, /Nothing to change/, again.stdout);
  const gone = install(root, ['--uninstall']);
  assert.match(gone.stdout, /remove \/etc\/systemd\/system\/potion-runner-selfupdate\.service/);
  assert.equal(existsSync(p(UNIT)), false);
});
