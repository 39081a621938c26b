import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { size, texts } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { ADMIN, startBotStack, type BotStack } from '../harness/bot-stack.js';
import { startDockerd, type Dockerd } from '../harness/dockerd.js';

// Issue 19 point 8, the Docker part: a REAL private dockerd (harness/dockerd.ts) holding a REAL
// dangling image, measured and pruned by the real worker through the Engine API socket.
// The apt, journal and autoremove clean-ups find nothing here (an empty apt cache, no journal).

const started = await startDockerd();
const skip = started.ok ? false : started.skip;
const DANGLING = `filters=${encodeURIComponent(JSON.stringify({ dangling: ['true'] }))}`;

describe('🐳 dangling Docker images in 🧹 Bersihkan (real bot, worker, Redis and dockerd; fake Telegram)', { skip }, () => {
  let s: BotStack;
  let d: Dockerd;
  const root = mkdtempSync(join(tmpdir(), 'potion-bot-clean-docker-'));
  const dangling = async () => JSON.parse((await d.api('GET', `/v1.41/images/json?${DANGLING}`)).body) as { Id: string; Size: number }[];

  before(async () => {
    if (!started.ok) return;
    d = started.dockerd;
    // The same tag rebuilt: the first image loses its tag and is dangling, for real.
    await d.reimport();
    const aptConf = join(root, 'apt.conf');
    mkdirSync(join(root, 'archives', 'partial'), { recursive: true });
    writeFileSync(aptConf, `Dir::Cache::archives "${join(root, 'archives')}/";\n`);
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', APT_CONFIG: aptConf, DOCKER_SOCKET: d.socket } });
  });
  after(async () => {
    await s?.stop();
    await d?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the plan lists the dangling image with its size; YA prunes it (the engine no longer lists it) and says what was freed', async () => {
    const before = await dangling();
    assert.equal(before.length, 1, 'the re-import left one dangling image');
    const image = before[0]!;
    assert.ok(image.Size > 0);
    const shortId = image.Id.replace(/^sha256:/, '').slice(0, 12);

    let from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'clean:plan');
    const pending = await s.pendingAfter(ADMIN, from);
    const plan = String((await s.editOf(ADMIN, pending.messageId, (t) => t.startsWith('🧹 Yang bisa dibuang'), 30_000)).text);
    const lines = plan.split('\n');
    assert.deepEqual(lines.slice(0, 7), [
      '🧹 Yang bisa dibuang biar disk lega (perkiraan, barusan diukur):',
      '',
      '📦 Cache paket apt (apt-get clean): sudah bersih',
      '📜 Log journal lama (journalctl, sisakan 100 MB): sudah bersih',
      '🗑️ Paket yang gak kepakai lagi, termasuk kernel lama (apt-get autoremove): sudah bersih',
      `🐳 Image Docker yang gak kepakai (dangling, docker image prune): ${size(image.Size)} · 1 image`,
      `   • ${shortId} ${size(image.Size)}`,
    ]);
    assert.ok(lines.includes(`Total kira-kira ${size(image.Size)}.`), plan);
    assert.deepEqual(
      s.fake.buttons(pending.messageId).map((b) => `${b.text} = ${b.data}`),
      [`🧹 Bersihkan semua (± ${size(image.Size)}) = clean:go:docker`],
    );
    assert.equal((await dangling()).length, 1, 'measuring changes nothing');

    from = s.fake.calls.length;
    s.fake.press(ADMIN, pending.messageId, 'clean:go:docker');
    const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('bersihin disk (image Docker yang gak kepakai)')));
    assert.equal((await dangling()).length, 1, 'nothing runs before YA');
    const ya = s.fake.buttons(confirm.messageId).find((b) => b.text.includes('✅'));
    assert.ok(ya);
    s.fake.press(ADMIN, confirm.messageId, ya.data);
    const result = String((await s.editOf(ADMIN, confirm.messageId, (t) => t.startsWith('Beres!'), 60_000)).text);
    // The test's df is a stand-in that does not see dockerd's folder: what was freed is the engine's SpaceReclaimed.
    assert.deepEqual(result.split('\n').slice(0, 2), [`Beres! ✅ Ringkasan: 🧹 Disk lega ${size(image.Size)}:`, `• 🐳 Image Docker yang gak kepakai: lega ${size(image.Size)}`]);
    assert.deepEqual(await dangling(), [], 'the engine no longer lists it');
    const images = JSON.parse((await d.api('GET', '/v1.41/images/json')).body) as { RepoTags: string[] | null }[];
    assert.deepEqual(images.map((i) => i.RepoTags), [[d.image]], 'the tagged image stays');
    assert.ok(s.audit().some((e) => e.who === `tg:${ADMIN}` && e.action === 'clean.run' && e.outcome === 'ok'));
  });
});
