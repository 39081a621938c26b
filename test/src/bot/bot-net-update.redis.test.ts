import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openQueue, queueName, texts, BULLMQ_PREFIX } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { Queue } from 'bullmq';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';
import { serveBody } from '../harness/ops-harness.js';
import { commit, git, seedUpstream } from '../harness/git-repo.js';

const root = mkdtempSync(join(tmpdir(), 'potion-bot-update-'));

describe('🌐 Network and 🔄 Update in the bot, end to end (real bot, worker, Redis and git; fake Telegram)', () => {
  let s: BotStack;
  let onceQueue: Queue;
  let ipServer: Awaited<ReturnType<typeof serveBody>>;
  let fileServer: Awaited<ReturnType<typeof serveBody>>;
  const upstream = join(root, 'upstream');
  const repo = join(root, 'mcp-tools');
  const pyProject = join(root, 'py-app');

  before(async () => {
    const remote = join(root, 'remote.git');
    seedUpstream(root, remote, upstream);
    git(root, 'clone', '-q', remote, repo);
    commit(upstream, 'tool.py', 'print(1)\n', 'add the search tool');
    git(upstream, 'push', '-q', 'origin', 'HEAD:main');
    // A project venv: its pip is the project's own, so a tiny script stands in.
    mkdirSync(join(pyProject, '.venv', 'bin'), { recursive: true });
    writeFileSync(join(pyProject, 'requirements.txt'), 'requests==2.32.3\n');
    writeFileSync(join(pyProject, '.venv', 'bin', 'pip'), '#!/bin/sh\necho "Collecting requests==2.32.3"\necho "Successfully installed certifi-2024.8.30 requests-2.32.3"\n');
    chmodSync(join(pyProject, '.venv', 'bin', 'pip'), 0o755);

    ipServer = await serveBody('203.0.113.7\n');
    fileServer = await serveBody(Buffer.alloc(1_000_000, 7));
    s = await startBotStack({
      env: { BOT_FLOOD_BURST: '1000', PING_TARGET: '9.9.9.9', PUBLIC_IP_URL: ipServer.url, SPEEDTEST_URL: fileServer.url, UPDATE_REPOS: repo, UPDATE_DEPS_DIRS: pyProject },
    });
    s.standins.set('apt/upgradable', 'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5\n');
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await s?.stop();
    await ipServer?.close();
    await fileServer?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function openMenu(userId: number, label: string, title: string): Promise<number> {
    const from = s.fake.calls.length;
    s.fake.type(userId, label);
    return (await s.sentAfter(userId, from, (t) => t === title)).messageId;
  }

  test('a viewer presses each Network button (the ping one named after PING_TARGET): pending message, then that message edited with the result', async () => {
    const menu = await openMenu(VIEWER, '🌐 Network', '🌐 Network: mau cek apa?');
    const buttons = s.fake.buttons(menu);
    assert.deepEqual(
      buttons.map((b) => b.text),
      ['🌐 IP info', '📡 Ping 9.9.9.9', '🛡️ Tailscale status', '🚀 Speed quick'],
    );
    const expected: Record<string, RegExp> = {
      '🌐 IP info': /🌍 IP publik: 203\.0\.113\.7/,
      '📡 Ping 9.9.9.9': /^📡 Ping 9\.9\.9\.9\n🟢 4\/4 balasan · hilang 0%/,
      '🛡️ Tailscale status': /🖥️ Server ini: potion-laptop · 100\.101\.102\.103/,
      '🚀 Speed quick': /^🚀 Speed test cepat \(download\)\n⬇️ [\d.]+ Mbps/,
    };
    for (const b of buttons) {
      assert.ok(Buffer.byteLength(b.data) <= 64);
      const from = s.fake.calls.length;
      s.fake.press(VIEWER, menu, b.data);
      const { messageId } = await s.pendingAfter(VIEWER, from);
      const edit = await s.editOf(VIEWER, messageId, (t) => t !== texts.PROCESSING && !/^[▓░]/.test(t));
      assert.match(String(edit.text), expected[b.text]!, b.text);
    }
    assert.ok(s.standins.calls('ping').length >= 1);
    assert.ok(s.standins.calls('tailscale').length >= 1);
  });

  test('a viewer is refused 🔄 Update and its buttons with their id, audited, and nothing is queued', async () => {
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '🔄 Update');
    const refusal = await s.sentAfter(VIEWER, from);
    assert.equal(refusal.call.text, texts.notAllowed(VIEWER));
    for (const data of ['upd:apt', 'upd:deps', 'upd:git', 'upd:go:apt', 'upd:go:git']) {
      const before = s.fake.calls.length;
      s.fake.press(VIEWER, 1, data);
      assert.equal((await s.answerAfter(before)).text, texts.notAllowed(VIEWER), data);
    }
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action === 'menu:update' && e.outcome === 'refused'));
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action === 'button:upd:apt' && e.outcome === 'refused'));
    assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), 0);
  });

  test('each Update button asks for confirmation first (apt and git after a preview of what they would do); ✅ runs it once and edits the confirmation with what changed', async () => {
    const cases: Array<{ label: string; preview?: RegExp; confirm: string; result: RegExp; check: () => void }> = [
      {
        label: '🔄 Apt update+upgrade (safe)',
        preview: /^🔄 Rencana apt upgrade: 1 paket bisa di-upgrade\n\n• curl 8\.5\.0-2ubuntu10\.4 → 8\.5\.0-2ubuntu10\.5\n/,
        confirm: 'menjalankan apt update + upgrade (aman, tanpa dist-upgrade)',
        result: /^Beres! ✅ Ringkasan: 🔄 1 paket di-upgrade:\n• curl → 8\.5\.0-2ubuntu10\.5/,
        // `-s dist-upgrade` (the count of security updates) is a simulation, not an upgrade.
        check: () => assert.equal(s.standins.calls('apt-get').filter((c) => c.endsWith('upgrade') && !c.startsWith('-s ')).length, 1),
      },
      {
        label: '📦 Sync dependensi (lock)',
        confirm: 'menyinkronkan dependensi dari lock file',
        result: /py-app/,
        check: () => undefined,
      },
      {
        label: '📥 Pull repos',
        preview: /⬇️ .*mcp-tools \(main\): 1 commit baru\n  • [0-9a-f]{7,} add the search tool\n/,
        confirm: 'menarik update repo (git pull --ff-only)',
        result: /add the search tool/,
        check: () => assert.equal(git(repo, 'log', '-1', '--format=%s').trim(), 'add the search tool'),
      },
    ];
    for (const c of cases) {
      const menu = await openMenu(ADMIN, '🔄 Update', '🔄 Update: mau update apa? Semua minta konfirmasi dulu.');
      const button = s.fake.buttons(menu).find((b) => b.text === c.label);
      assert.ok(button, c.label);
      const jobsBefore = await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');
      s.fake.press(ADMIN, menu, button.data);
      let confirmId = menu;
      if (c.preview) {
        // A read-only preview first; its ✅ Lanjut update asks the confirmation in a new message.
        await s.editOf(ADMIN, menu, (t) => c.preview!.test(t), 15_000);
        const go = s.fake.buttons(menu).find((b) => b.text === '✅ Lanjut update');
        assert.ok(go, c.label);
        const from = s.fake.calls.length;
        s.fake.press(ADMIN, menu, go.data);
        confirmId = (await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM(c.confirm)))).messageId;
      } else await s.editOf(ADMIN, menu, (t) => t === shownText(texts.CONFIRM(c.confirm)));
      assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), jobsBefore, 'nothing runs before ✅');
      const yes = s.fake.buttons(confirmId).find((b) => b.text.includes('✅'))!;
      const from = s.fake.calls.length;
      s.fake.press(ADMIN, confirmId, yes.data);
      const { messageId } = await s.pendingAfter(ADMIN, from);
      assert.equal(messageId, confirmId, 'the confirmation itself turns into the pending message');
      const edit = await s.editOf(ADMIN, confirmId, (t) => c.result.test(t), 15_000);
      assert.match(String(edit.text), c.result);
      c.check();
      assert.equal(await onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'), jobsBefore + 1, c.label);
    }
  });
});
