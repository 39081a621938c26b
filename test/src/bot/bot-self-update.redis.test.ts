import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buttons, openQueue, queueName, texts } from '@potion/jobs';
import { shownText, waitFor } from '@potion/testkit';
import { Queue } from 'bullmq';
import { ADMIN, VIEWER, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { git } from '../harness/git-repo.js';
import { BUILD_BROKEN, BUILD_OK, makeToy, REPORTS_NOTHING, SELF_UPDATE_SCRIPT, type Toy } from '../harness/self-update-toy.js';

const root = mkdtempSync(join(tmpdir(), 'potion-bot-self-update-'));
const prefix = join(root, 'opt');
const LABEL = 'mengupdate potion-runner sendiri (build, restart; balik ke versi lama otomatis kalau tidak sehat)';
const STARTED = '🔧 Update potion-runner dimulai: fetch, build, lalu restart. Bot bisa diam sebentar; hasilnya (versi yang jalan) saya kabari di sini.';

describe('⚙️ Settings → ⬆️ Update potion-runner (real bot, worker, Redis, git, npm and root\'s script; fake Telegram; sudo/systemctl stand-ins)', () => {
  let s: FaultStack;
  let toy: Toy;
  let onceQueue: Queue;
  let restartsPlayed = 0;

  before(async () => {
    s = await startFaultStack({
      // The worker reads the status there; sudo's stand-in passes POTION_SELFUPDATE_PREFIX on to
      // root's script for `check` (the real sudo resets the environment: the prefix is fixed there).
      env: { BOT_FLOOD_BURST: '1000', SELF_UPDATE_DIR: join(prefix, 'self-update'), POTION_SELFUPDATE_PREFIX: prefix },
      worker: true,
      bot: true,
    });
    toy = makeToy({ root, redisUrl: s.redis.url, healthSec: 8, handshake: true });
    s.standins.unit('potion-runner-selfupdate.service', 'inactive dead');
    onceQueue = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await onceQueue?.close();
    await s?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const onceJobs = () => onceQueue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');

  /** ⚙️ Settings → ⬆️ Update potion-runner: the menu message turns into the preview. */
  async function preview(): Promise<{ id: number; text: string }> {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '⚙️ Settings');
    const menu = (await s.sentAfter(ADMIN, from, (t) => t === '⚙️ Settings: mau atur apa?')).messageId;
    const button = s.fake.buttons(menu).find((b) => b.text === '⬆️ Update potion-runner');
    assert.ok(button, 'Settings offers the self-update');
    s.fake.press(ADMIN, menu, button.data);
    const edit = await s.editOf(ADMIN, menu, (t) => t.startsWith('⬆️ Update potion-runner') || t.startsWith('❌ Tidak bisa cek'), 30_000);
    return { id: menu, text: String(edit.text) };
  }

  /** ✅ Update sekarang → the confirmation (nothing runs) → YA: the job starts root's unit once. */
  async function confirmAndStart(previewId: number): Promise<void> {
    const go = s.fake.buttons(previewId).find((b) => b.text === '✅ Update sekarang');
    assert.ok(go, 'the preview offers ✅ Update sekarang');
    const before = await onceJobs();
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, previewId, go.data);
    const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM(LABEL)));
    assert.notEqual(confirm.messageId, previewId, 'the list of commits stays readable above the confirmation');
    assert.equal(await onceJobs(), before, 'nothing runs before YA');
    const ya = s.fake.buttons(confirm.messageId).find((b) => b.text.includes('✅'));
    assert.ok(ya);
    const starts = s.standins.calls('systemctl').filter((c) => c === 'start --no-block potion-runner-selfupdate.service').length;
    from = s.fake.calls.length;
    s.fake.press(ADMIN, confirm.messageId, ya.data);
    await s.editOf(ADMIN, confirm.messageId, (t) => t === STARTED, 30_000);
    assert.equal(s.standins.calls('systemctl').filter((c) => c === 'start --no-block potion-runner-selfupdate.service').length, starts + 1, 'root\'s unit started once, through sudo');
    assert.equal(await onceJobs(), before + 1);
  }

  /**
   * Plays systemd running root's unit: the real script with the toy prefix. Each restart of
   * potion-runner it asks for restarts the real worker (stop, start) before the toy's
   * processes report, so the outcome reaches the chat from the worker the restart started.
   */
  async function runRootUnit(restarts: number): Promise<void> {
    const child = spawn('bash', [SELF_UPDATE_SCRIPT, 'run'], { env: toy.env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    for (let i = 0; i < restarts; i++) {
      const n = ++restartsPlayed;
      await waitFor(`restart ${n} asked by the script`, () => existsSync(join(root, 'restart', `asked.${n}`)), 120_000, 100);
      await s.worker()?.stop(10_000);
      await s.startWorker();
      writeFileSync(join(root, 'restart', `done.${n}`), '');
    }
    assert.equal(await exited, 0);
  }

  test('a viewer cannot open it: the preview is for admins', async () => {
    const from = s.fake.calls.length;
    const data = buttons.selfUpdate.build('check');
    s.fake.press(VIEWER, 1, data);
    await s.answerAfter(from);
    await waitFor('the refusal in actions.log', () => s.audit().some((e) => e.who === `tg:${VIEWER}` && e.outcome === 'refused' && e.action === `button:${data}`));
    assert.equal(s.standins.calls('sudo').filter((c) => c.includes('self-update.sh')).length, 0, 'root\'s script was not asked');
  });

  test('no checkout recorded (installed before this feature): the preview says how to fix it and offers no button', async () => {
    const file = join(prefix, 'self-update', 'checkout');
    renameSync(file, `${file}.aside`);
    try {
      const p = await preview();
      assert.equal(p.text, '❌ Tidak bisa cek update potion-runner: checkout potion-runner belum tercatat; jalankan sekali: sudo deploy/install.sh dari checkout-nya');
      assert.deepEqual(s.fake.buttons(p.id), []);
    } finally {
      renameSync(`${file}.aside`, file);
    }
  });

  test('preview of the incoming commits → YA → root builds, restarts and the restarted worker says which version runs', async () => {
    const second = toy.push('build.js', `${BUILD_OK}// faster\n`, 'feat: faster status');
    const p = await preview();
    assert.deepEqual(p.text.split('\n').slice(0, 5), [
      '⬆️ Update potion-runner',
      `Sekarang jalan: ${toy.short(toy.first)} the toy app`,
      '',
      'Dari origin/main ada 1 commit baru:',
      `  • ${toy.short(second)} feat: faster status`,
    ]);
    assert.equal(toy.head(toy.checkout), toy.first, 'the preview only fetched');
    const from = s.fake.calls.length;
    await confirmAndStart(p.id);
    await runRootUnit(1);
    const result = await s.sentAfter(ADMIN, from, (t) => t.startsWith('✅ potion-runner sudah diupdate'));
    assert.equal(String(result.call.text), `✅ potion-runner sudah diupdate dan sehat.\nSekarang jalan: ${toy.short(second)} feat: faster status`);
    assert.match(s.worker()?.output() ?? '', /self-update finished/, 'told by the worker the restart started');
    assert.equal(toy.release(join(prefix, 'app')), second);
    assert.ok(s.audit().some((e) => e.who === `tg:${ADMIN}` && e.action === 'selfupdate.run' && e.outcome === 'ok'), 'audited');
  });

  test('a build that fails: nothing is switched or restarted, and the chat says the old version still runs', async () => {
    const good = toy.head(toy.checkout);
    const broken = toy.push('build.js', BUILD_BROKEN, 'refactor the worker');
    const p = await preview();
    assert.match(p.text, new RegExp(`Dari origin/main ada 1 commit baru:\\n  • ${toy.short(broken)} refactor the worker\\n`));
    const from = s.fake.calls.length;
    await confirmAndStart(p.id);
    await runRootUnit(0);
    const result = await s.sentAfter(ADMIN, from, (t) => t.startsWith('❌ Build versi'));
    assert.equal(
      String(result.call.text),
      `❌ Build versi ${toy.short(broken)} refactor the worker gagal (toy build: apps/worker/src/main.ts(3,1): error TS1005). Tidak ada yang diganti, versi lama tetap jalan.\n` +
        `Sekarang jalan: ${toy.short(good)} feat: faster status`,
    );
    assert.equal(toy.release(join(prefix, 'app')), good);
  });

  test('a build that never reports healthy: rolled back to the previous build, and the chat says "balik ke versi lama"', async () => {
    const good = toy.head(toy.checkout);
    writeFileSync(join(toy.upstream, 'report.sh'), REPORTS_NOTHING);
    git(toy.upstream, 'add', 'report.sh');
    const silent = toy.push('build.js', BUILD_OK, 'switch the worker to the new queue names');
    const p = await preview();
    assert.match(p.text, /ada 2 commit baru:/);
    const from = s.fake.calls.length;
    await confirmAndStart(p.id);
    await runRootUnit(2);
    const result = await s.sentAfter(ADMIN, from, (t) => t.startsWith('↩️ Versi baru'));
    assert.equal(
      String(result.call.text),
      `↩️ Versi baru ${toy.short(silent)} switch the worker to the new queue names tidak sehat (versi baru tidak lapor sehat dalam 8 detik), jadi balik ke versi lama.\n` +
        `Sekarang jalan: ${toy.short(good)} feat: faster status`,
    );
    assert.equal(toy.release(join(prefix, 'app')), good);
  });
});
