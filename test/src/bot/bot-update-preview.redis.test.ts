import { shownText } from '@potion/testkit';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openQueue, queueName, texts } from '@potion/jobs';
import { Queue } from 'bullmq';
import { ADMIN, startBotStack, type BotStack } from '../harness/bot-stack.js';
import { commit, git, seedUpstream } from '../harness/git-repo.js';

const root = mkdtempSync(join(tmpdir(), 'potion-bot-update-preview-'));
const MENU_TITLE = '🔄 Update: mau update apa? Semua minta konfirmasi dulu.';

describe('🔄 Update shows what it will do before "YA" (real bot, worker, Redis and git; fake Telegram; apt-get stand-in)', () => {
  let s: BotStack;
  let onceQueue: Queue;
  const upstream = join(root, 'upstream');
  const repo = join(root, 'mcp-tools');
  const orphan = join(root, 'orphan');

  before(async () => {
    const remote = join(root, 'remote.git');
    seedUpstream(root, remote, upstream);
    git(root, 'clone', '-q', remote, repo);
    git(root, 'clone', '-q', remote, orphan);
    git(orphan, 'remote', 'set-url', 'origin', join(root, 'gone.git'));
    commit(upstream, 'tool.py', 'print(1)\n', 'add the search tool');
    commit(upstream, 'tool.py', 'print(2)\n', 'fix: search handles empty queries');
    git(upstream, 'push', '-q', 'origin', 'HEAD:main');
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', UPDATE_REPOS: `${repo},${orphan}` } });
    s.standins.set(
      'apt/upgradable',
      'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5 Ubuntu:24.04/noble-updates\n' +
        'openssl 3.0.13-0ubuntu3.3 3.0.13-0ubuntu3.4 Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security\n',
    );
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await s?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const onceJobs = () => onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');

  /** Opens 🔄 Update, presses `label`, and returns the menu message once it shows the preview. */
  async function preview(label: string, shows: (t: string) => boolean): Promise<{ id: number; text: string }> {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '🔄 Update');
    const menu = (await s.sentAfter(ADMIN, from, (t) => t === MENU_TITLE)).messageId;
    const button = s.fake.buttons(menu).find((b) => b.text === label);
    assert.ok(button, label);
    const pressed = s.fake.calls.length;
    s.fake.press(ADMIN, menu, button.data);
    assert.equal((await s.pendingAfter(ADMIN, pressed)).messageId, menu, 'the menu turns into the pending message');
    const edit = await s.editOf(ADMIN, menu, shows, 15_000);
    return { id: menu, text: String(edit.text) };
  }

  /** Presses "✅ Lanjut update" under a preview: the confirmation comes as a new message; nothing runs yet. */
  async function proceed(previewId: number, label: string): Promise<number> {
    const go = s.fake.buttons(previewId).find((b) => b.text === '✅ Lanjut update');
    assert.ok(go, 'the preview offers ✅ Lanjut update');
    const before = await onceJobs();
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, previewId, go.data);
    const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM(label)));
    assert.notEqual(confirm.messageId, previewId, 'the preview stays readable above the confirmation');
    assert.equal(await onceJobs(), before, 'nothing runs before YA');
    return confirm.messageId;
  }

  /** Presses YA: the update runs once; pressing it again queues nothing more. */
  async function yes(confirmId: number, result: RegExp): Promise<string> {
    const before = await onceJobs();
    const ya = s.fake.buttons(confirmId).find((b) => b.text.includes('✅'));
    assert.ok(ya);
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, confirmId, ya.data);
    assert.equal((await s.pendingAfter(ADMIN, from)).messageId, confirmId);
    const edit = await s.editOf(ADMIN, confirmId, (t) => result.test(t), 15_000);
    const again = s.fake.calls.length;
    s.fake.press(ADMIN, confirmId, ya.data);
    assert.equal((await s.answerAfter(again)).text, 'Tombol konfirmasi ini sudah tidak berlaku (kedaluwarsa atau sudah dipakai). Ulangi dari menu ya.', 'a second YA is refused, not queued');
    assert.equal(await onceJobs(), before + 1, 'the update ran exactly once');
    return String(edit.text);
  }

  test('apt: the packages an upgrade would install (🔐 on security fixes), then ✅ Lanjut update → confirmation → YA upgrades once', async () => {
    const p = await preview('🔄 Apt update+upgrade (safe)', (t) => t.startsWith('🔄 Rencana apt upgrade'));
    assert.deepEqual(p.text.split('\n').slice(0, 4), [
      '🔄 Rencana apt upgrade: 2 paket bisa di-upgrade (🔐 1 update keamanan)',
      '',
      '🔐 openssl 3.0.13-0ubuntu3.3 → 3.0.13-0ubuntu3.4',
      '• curl 8.5.0-2ubuntu10.4 → 8.5.0-2ubuntu10.5',
    ]);
    assert.equal(s.standins.calls('apt-get').filter((c) => !c.startsWith('-s ')).length, 0, 'the preview only simulates');
    const confirmId = await proceed(p.id, 'menjalankan apt update + upgrade (aman, tanpa dist-upgrade)');
    await yes(confirmId, /^Beres! ✅ Ringkasan: 🔄 2 paket di-upgrade:\n• curl → 8\.5\.0-2ubuntu10\.5\n• openssl → 3\.0\.13-0ubuntu3\.4/);
    assert.equal(s.standins.calls('apt-get').filter((c) => c.endsWith(' upgrade') && !c.startsWith('-s ')).length, 1);
  });

  test('apt with nothing to upgrade: the preview says so and offers no button', async () => {
    const p = await preview('🔄 Apt update+upgrade (safe)', (t) => t.startsWith('🔄 Semua paket'));
    assert.equal(p.text, '🔄 Semua paket sudah versi terbaru, tidak ada yang perlu di-upgrade.');
    assert.deepEqual(s.fake.buttons(p.id), []);
  });

  test('Pull repos: the incoming commits per repo and one line for the unreachable one, then ✅ Lanjut update → confirmation → YA pulls once', async () => {
    const p = await preview('📥 Pull repos', (t) => t.startsWith('📥 Yang akan ditarik'));
    assert.match(p.text, new RegExp(`⬇️ ${repo} \\(main\\): 2 commit baru\\n  • [0-9a-f]{7,} fix: search handles empty queries\\n  • [0-9a-f]{7,} add the search tool\\n`));
    assert.match(p.text, new RegExp(`\\n❌ ${orphan}: remote tidak bisa dibaca`));
    assert.equal(git(repo, 'log', '-1', '--format=%s').trim(), 'first commit', 'the preview pulls nothing');
    const confirmId = await proceed(p.id, 'menarik update repo (git pull --ff-only)');
    await yes(confirmId, /fix: search handles empty queries/);
    assert.equal(git(repo, 'log', '-1', '--format=%s').trim(), 'fix: search handles empty queries');
  });

  test('Pull repos with no incoming commits: the preview says so and offers no button', async () => {
    const p = await preview('📥 Pull repos', (t) => t.startsWith('📥 Yang akan ditarik'));
    assert.match(p.text, new RegExp(`✅ ${repo} \\(main\\): sudah terbaru`));
    assert.match(p.text, /Tidak ada commit baru, jadi tidak ada yang perlu ditarik\.$/);
    assert.deepEqual(s.fake.buttons(p.id), []);
  });
});
