import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { waitFor } from '@potion/testkit';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';
import { commit, git, seedUpstream } from '../harness/git-repo.js';

const root = mkdtempSync(join(tmpdir(), 'potion-update-'));

const remote = join(root, 'remote.git');
const upstream = join(root, 'upstream');
const repoA = join(root, 'mcp-tools');
const repoB = join(root, 'rag');
const nodeProject = join(root, 'node-app');
const pyProject = join(root, 'py-app');

let h: OpsHarness;
before(async () => {
  seedUpstream(root, remote, upstream);
  git(root, 'clone', '-q', remote, repoA);
  git(root, 'clone', '-q', remote, repoB);

  mkdirSync(nodeProject);
  writeFileSync(join(nodeProject, 'package.json'), JSON.stringify({ name: 'node-app', version: '1.0.0', private: true }));
  writeFileSync(join(nodeProject, 'package-lock.json'), JSON.stringify({ name: 'node-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'node-app', version: '1.0.0' } } }));
  // A project venv: its pip is the project's own, not a system tool, so a tiny script stands in.
  mkdirSync(join(pyProject, '.venv', 'bin'), { recursive: true });
  writeFileSync(join(pyProject, 'requirements.txt'), 'requests==2.32.3\n');
  writeFileSync(join(pyProject, '.venv', 'bin', 'pip'), '#!/bin/sh\necho "Collecting requests==2.32.3"\necho "Successfully installed certifi-2024.8.30 requests-2.32.3"\n');
  chmodSync(join(pyProject, '.venv', 'bin', 'pip'), 0o755);

  h = await startOps({
    env: {
      UPDATE_REPOS: `${repoA},${repoB},${join(root, 'missing')}`,
      UPDATE_DEPS_DIRS: `${nodeProject},${pyProject},${root}`,
    },
  });
});
after(async () => {
  await h.stop();
  rmSync(root, { recursive: true, force: true });
});

test('apt update + upgrade lists what was upgraded, with versions, and keeps config files', async () => {
  h.standins.set('apt/upgradable', 'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5\nopenssl 3.0.13-0ubuntu3.3 3.0.13-0ubuntu3.4\n');
  const { jobId, message: msg } = await h.askJob('update.apt', {});
  const progress = await h.outbox(`prog1.once@ops.${jobId}`);
  assert.equal(progress.kind, 'progress');
  assert.match(progress.text, /░ 5% apt-get update$/, 'the long job edits the pending message with a progress bar');
  assert.match(msg.text, /^Beres! ✅ Ringkasan: 🔄 2 paket di-upgrade:\n• curl → 8.5.0-2ubuntu10.5\n• openssl → 3.0.13-0ubuntu3.4/);
  // Then the pending security updates are counted again (a simulation, no root) for 📊 Status,
  // beside the result (it never holds the result back), so wait for that call.
  const apt = await waitFor('the count after the upgrade', () => (h.standins.calls('apt-get').length >= 3 ? h.standins.calls('apt-get') : undefined));
  assert.deepEqual(apt, ['-q update', '-q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold upgrade', '-s dist-upgrade']);
  assert.ok(h.standins.calls('sudo').some((c) => c.startsWith('-n env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l /usr/bin/apt-get')));
  const again = await h.ask('update.apt', {});
  assert.match(again.text, /Semua paket sudah versi terbaru/);
});

test('update.apt is admin-only and needs no password prompt: a missing sudoers rule names it', async () => {
  const viewer = await h.ask('update.apt', {}, { userId: VIEWER });
  assert.match(viewer.text, /Maaf, kamu belum punya izin/);
  h.standins.denySudo(true);
  try {
    const msg = await h.ask('update.apt', {});
    assert.match(msg.text, /izin sudo belum dipasang untuk "apt-get -q update"\. Pasang aturan sudoers/);
  } finally {
    h.standins.denySudo(false);
  }
});

test('an apt lock held by unattended-upgrades gives a "try again later" message', async () => {
  h.standins.fail('apt-get', 100, 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (unattended-upgr)');
  const msg = await h.ask('update.apt', {});
  assert.match(msg.text, /apt sedang dipakai proses lain/);
});

test('Pull repos fast-forwards each configured repo and reports new commits and changed files', async () => {
  commit(upstream, 'server.py', 'print("v2")\n', 'feat: add server');
  commit(upstream, 'README.md', 'hello v2\n', 'docs: update readme');
  git(upstream, 'push', '-q', 'origin', 'HEAD:main');
  const msg = await h.ask('update.git', {});
  const lines = msg.text.split('\n');
  // One of the three folders is missing: the PRD §21 failure template with how many, then the listing.
  assert.equal(lines[0], 'Kenapa ya... ❌ Ada error: 1 dari 3 repo gagal, rinciannya di bawah.');
  assert.equal(lines[2], '📥 Pull repos (git pull --ff-only)');
  assert.match(msg.text, new RegExp(`⬇️ ${repoA} \\(main\\): 2 commit baru, 2 file berubah\\n  • [0-9a-f]{7,} docs: update readme\\n  • [0-9a-f]{7,} feat: add server\\n  📄 README.md\\n  📄 server.py`));
  assert.match(msg.text, new RegExp(`⬇️ ${repoB} \\(main\\): 2 commit baru`));
  assert.match(msg.text, /❌ .*missing: folder tidak ada/);
  assert.equal(git(repoA, 'log', '-1', '--format=%s').trim(), 'docs: update readme');
  const again = await h.ask('update.git', {});
  assert.match(again.text, new RegExp(`✅ ${repoA} \\(main\\): sudah terbaru`));
});

test('a diverged repo and a repo with local edits are left alone with a clear reason', async () => {
  commit(repoA, 'local.txt', 'mine\n', 'local work');
  writeFileSync(join(repoB, 'README.md'), 'edited on the server\n');
  commit(upstream, 'README.md', 'hello v3\n', 'docs: v3');
  git(upstream, 'push', '-q', 'origin', 'HEAD:main');
  const msg = await h.ask('update.git', {});
  assert.match(msg.text, new RegExp(`❌ ${repoA}: cabang lokal sudah beda dengan remote`));
  assert.match(msg.text, new RegExp(`❌ ${repoB}: ada perubahan lokal yang belum di-commit`));
  assert.equal(git(repoA, 'log', '-1', '--format=%s').trim(), 'local work', 'nothing was merged');
});

test('dependency sync runs npm ci and the venv pip from their lock files, and says which folders have none', async () => {
  const msg = await h.ask('update.deps', {});
  assert.match(msg.text, new RegExp(`✅ ${nodeProject} · npm \\(package-lock.json\\)\\n {3}(added|up to date)`));
  assert.match(msg.text, new RegExp(`✅ ${pyProject} · pip \\(requirements.txt\\)\\n {3}2 paket terpasang/diperbarui\\n {3}• certifi-2024.8.30\\n {3}• requests-2.32.3`));
  assert.match(msg.text, new RegExp(`❌ ${root}\\n {3}tidak ada lock file`));
});

test('with nothing configured the update jobs explain which variable to set', async () => {
  const bare = await startOps();
  try {
    assert.match((await bare.ask('update.git', {})).text, /Belum ada repo yang diatur\. Tambahkan UPDATE_REPOS=/);
    assert.match((await bare.ask('update.deps', {})).text, /Belum ada folder proyek yang diatur\. Tambahkan UPDATE_DEPS_DIRS=/);
  } finally {
    await bare.stop();
  }
});
