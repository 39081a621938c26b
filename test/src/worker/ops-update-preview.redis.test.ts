import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';
import { commit, git, seedUpstream } from '../harness/git-repo.js';

// The previews of 🔄 Update (issue 19 point 5) with real git repositories and the apt-get stand-in.
const root = mkdtempSync(join(tmpdir(), 'potion-update-preview-'));
const remote = join(root, 'remote.git');
const upstream = join(root, 'upstream');
const behind = join(root, 'mcp-tools');
const current = join(root, 'rag');
const orphan = join(root, 'orphan');

let h: OpsHarness;
before(async () => {
  seedUpstream(root, remote, upstream);
  for (const dir of [behind, current, orphan]) git(root, 'clone', '-q', remote, dir);
  // The remote of this clone is gone: its fetch fails, the other repos still show.
  git(orphan, 'remote', 'set-url', 'origin', join(root, 'gone.git'));
  h = await startOps({ env: { UPDATE_REPOS: `${behind},${current},${orphan},${join(root, 'missing')}` } });
});
after(async () => {
  await h.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the apt preview lists what an upgrade would install, security fixes first with 🔐, and offers ✅ Lanjut update; nothing is installed', async () => {
  h.standins.set(
    'apt/upgradable',
    'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5 Ubuntu:24.04/noble-updates\n' +
      'openssl 3.0.13-0ubuntu3.3 3.0.13-0ubuntu3.4 Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security\n',
  );
  const msg = await h.ask('update.aptPreview', {});
  assert.deepEqual(msg.text.split('\n').slice(0, 4), [
    '🔄 Rencana apt upgrade: 2 paket bisa di-upgrade (🔐 1 update keamanan)',
    '',
    '🔐 openssl 3.0.13-0ubuntu3.3 → 3.0.13-0ubuntu3.4',
    '• curl 8.5.0-2ubuntu10.4 → 8.5.0-2ubuntu10.5',
  ]);
  assert.deepEqual(msg.buttons, [[{ text: '✅ Lanjut update', data: 'upd:go:apt' }]]);
  assert.deepEqual(h.standins.calls('apt-get'), ['-s dist-upgrade'], 'only the simulation ran');
  assert.equal(readFileSync(join(h.standins.state, 'apt', 'upgradable'), 'utf8').split('\n').filter(Boolean).length, 2, 'nothing was upgraded');
});

test('the apt preview caps a long list with "+N lagi"', async () => {
  const many = Array.from({ length: 30 }, (_, i) => `lib${i} 1.0-${i} 1.1-${i}\n`).join('');
  h.standins.set('apt/upgradable', many);
  const msg = await h.ask('update.aptPreview', {});
  assert.match(msg.text, /^🔄 Rencana apt upgrade: 30 paket bisa di-upgrade\n/);
  assert.match(msg.text, /• lib24 1\.0-24 → 1\.1-24\n… \+5 lagi\n/);
  assert.doesNotMatch(msg.text, /lib25/);
});

test('nothing to upgrade: the apt preview says so and offers no button', async () => {
  h.standins.set('apt/upgradable', '');
  const msg = await h.ask('update.aptPreview', {});
  assert.equal(msg.text, '🔄 Semua paket sudah versi terbaru, tidak ada yang perlu di-upgrade.');
  assert.equal(msg.buttons, undefined);
});

test('the git preview fetches and lists the incoming commits per repo (10 at most, "+N lagi"); a failing repo is one line with why; nothing is pulled', async () => {
  for (let i = 1; i <= 12; i++) commit(upstream, 'CHANGES.md', `v${i}\n`, `feat: step ${i}`);
  git(upstream, 'push', '-q', 'origin', 'HEAD:main');
  git(current, 'pull', '-q', '--ff-only');
  const headBefore = git(behind, 'rev-parse', 'HEAD');
  const msg = await h.ask('update.gitPreview', {});
  const subjects = Array.from({ length: 10 }, (_, i) => `  • [0-9a-f]{7,} feat: step ${12 - i}`).join('\\n');
  assert.match(msg.text, new RegExp(`^📥 Yang akan ditarik \\(git pull --ff-only\\):\\n\\n⬇️ ${behind} \\(main\\): 12 commit baru\\n${subjects}\\n  … \\+2 lagi\\n`));
  assert.match(msg.text, new RegExp(`\\n✅ ${current} \\(main\\): sudah terbaru\\n`));
  assert.match(msg.text, new RegExp(`\\n❌ ${orphan}: remote tidak bisa dibaca \\(alamatnya salah atau repo-nya sudah tidak ada\\?\\)\\n`));
  assert.match(msg.text, new RegExp(`\\n❌ ${join(root, 'missing')}: folder tidak ada\\n`));
  assert.deepEqual(msg.buttons, [[{ text: '✅ Lanjut update', data: 'upd:go:git' }]]);
  assert.equal(git(behind, 'rev-parse', 'HEAD'), headBefore, 'the preview does not pull');
  assert.equal(git(behind, 'rev-list', '--count', 'HEAD..origin/main').trim(), '12', 'it fetched');
});

test('no incoming commits anywhere: the git preview says so and offers no button', async () => {
  git(behind, 'pull', '-q', '--ff-only');
  const msg = await h.ask('update.gitPreview', {});
  assert.match(msg.text, new RegExp(`✅ ${behind} \\(main\\): sudah terbaru`));
  assert.match(msg.text, /\n\nTidak ada commit baru, jadi tidak ada yang perlu ditarik\.$/);
  assert.equal(msg.buttons, undefined);
});

test('the previews are admin-only', async () => {
  for (const name of ['update.aptPreview', 'update.gitPreview'] as const) {
    const viewer = await h.ask(name, {}, { userId: VIEWER });
    assert.match(viewer.text, /Maaf, kamu belum punya izin/, name);
  }
});
