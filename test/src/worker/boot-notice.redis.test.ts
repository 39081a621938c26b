import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLEAN_SHUTDOWN_FILE, classifyStart, POWER_MARKER, type PowerMarker } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
/** A marker as host.reboot writes it (writePowerMarker). */
const marker = (at: number): PowerMarker => ({ action: 'reboot', at, requestId: 'req-1', by: 'tg:1001', jobId: '7' });

describe('"server sudah nyala lagi" after a reboot (boot time injected)', () => {
  let h: AlertHarness;
  const bootNotices = async () => (await h.alerts()).filter((m) => /nyala lagi/.test(m.text));
  /** The power goes: the worker never reaches its clean stop, so no marker is left. */
  const powerCut = () => rmSync(join(h.cfg.dataDir, CLEAN_SHUTDOWN_FILE), { force: true });

  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());

  it('a first start with no earlier sign of life says nothing', async () => {
    assert.equal((await bootNotices()).length, 0);
  });

  it('an unplanned reboot (boot newer than last_ok, no clean-shutdown marker) reports the downtime and an unclean shutdown', async () => {
    await h.sampleAt(0, {});
    h.clock.now = T0 + 60_000;
    await h.run('health.heartbeat', {});
    await h.sampleAt(90, {});
    await h.app.stop();
    powerCut();
    h.clock.now = T0 + 20 * MIN;
    await h.restartWorkerFromStopped({ bootTime: T0 + 90_000 + 10 * MIN });
    const n = await bootNotices();
    assert.deepEqual(n.map((m) => m.chatId).sort(), [1001, 1002]);
    assert.match(n[0]!.text, /^⚡ Server sudah nyala lagi setelah mati mendadak/);
    assert.match(n[0]!.text, /Mati sekitar 10 menit/);
    assert.match(n[0]!.text, /Shutdown terakhir: TIDAK rapi ❌/);
  });

  it('another worker restart in the same boot says nothing more', async () => {
    await h.restartWorker({ bootTime: T0 + 90_000 + 10 * MIN });
    assert.equal((await bootNotices()).length, 2);
  });

  it('a planned reboot from the bot says it was planned, by whom, with the issue-4 notice id', async () => {
    h.clock.now = T0 + 30 * MIN;
    await h.sampleAt(30 * 60, {});
    writeFileSync(join(h.cfg.dataDir, POWER_MARKER), JSON.stringify({ action: 'reboot', at: T0 + 30 * MIN + 5000, requestId: 'req-7', by: 'tg:1001', jobId: '42' }));
    await h.app.stop(); // systemd stops the worker before the reboot: clean
    h.clock.now = T0 + 40 * MIN;
    await h.restartWorkerFromStopped({ bootTime: T0 + 32 * MIN });
    const n = (await bootNotices()).filter((m) => /terencana/.test(m.text));
    assert.deepEqual(n.map((m) => m.jobId).sort(), ['power-back.req-7.1001', 'power-back.req-7.1002']);
    assert.match(n[0]!.text, /^🟢 Server sudah nyala lagi setelah reboot terencana \(diminta tg:1001\)/);
    assert.match(n[0]!.text, /Mati sekitar 2 menit/);
    assert.equal(existsSync(join(h.cfg.dataDir, POWER_MARKER)), false, 'the planned marker is consumed');
  });

  it('a reboot outside the bot with a clean shutdown says so', async () => {
    h.clock.now = T0 + 50 * MIN;
    await h.sampleAt(50 * 60, {});
    await h.app.stop();
    h.clock.now = T0 + 60 * MIN;
    await h.restartWorkerFromStopped({ bootTime: T0 + 53 * MIN });
    const n = (await bootNotices()).filter((m) => /bukan dari bot/.test(m.text));
    assert.equal(n.length, 2);
    assert.match(n[0]!.text, /Mati sekitar 3 menit/);
    assert.match(n[0]!.text, /Shutdown terakhir: rapi ✅/);
  });

  it('a worker restart without a reboot says nothing', async () => {
    const count = (await bootNotices()).length;
    await h.sampleAt(61 * 60, {});
    await h.restartWorker({ bootTime: T0 + 53 * MIN });
    assert.equal((await bootNotices()).length, count);
  });
});

describe('"server sudah nyala lagi" when a part of what it reads cannot be read', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());

  it('an unreadable clean-stop mark and power marker each get a line, and the notice still goes out', async () => {
    await h.sampleAt(0, {});
    await h.app.stop();
    // Something else now sits where the files are: they exist but cannot be read as files.
    rmSync(join(h.cfg.dataDir, CLEAN_SHUTDOWN_FILE), { force: true });
    mkdirSync(join(h.cfg.dataDir, CLEAN_SHUTDOWN_FILE));
    mkdirSync(join(h.cfg.dataDir, POWER_MARKER));
    h.clock.now = T0 + 20 * MIN;
    await h.restartWorkerFromStopped({ bootTime: T0 + 5 * MIN });
    const n = (await h.alerts()).filter((m) => /nyala lagi/.test(m.text));
    assert.deepEqual(n.map((m) => m.chatId).sort(), [1001, 1002]);
    assert.match(n[0]!.text, /^🔄 Server sudah nyala lagi setelah reboot yang bukan dari bot\. Mati sekitar 5 menit/);
    assert.match(n[0]!.text, /⚠️ Shutdown terakhir: gak kebaca \(isinya folder, bukan file\)/);
    assert.match(n[0]!.text, /⚠️ Catatan reboot dari bot: gak kebaca \(isinya folder, bukan file\)/);
    assert.doesNotMatch(n[0]!.text, /TIDAK rapi/);
    assert.equal(existsSync(join(h.cfg.dataDir, CLEAN_SHUTDOWN_FILE)), false, 'the unreadable mark is consumed');
    assert.equal(existsSync(join(h.cfg.dataDir, POWER_MARKER)), false, 'the unreadable marker is consumed');
  });
});

describe('start classification (pure)', () => {
  it('a planned marker left from an earlier boot does not make a power cut look planned', () => {
    const k = classifyStart({ bootTime: T0, lastAlive: T0 - 10 * MIN, clean: undefined, planned: marker(T0 - 3 * 24 * 60 * MIN), seenBoot: undefined });
    assert.equal(k.kind, 'unplanned');
  });
  it('the planned copy inside the clean-shutdown marker counts when the marker itself was already removed', () => {
    const k = classifyStart({ bootTime: T0, lastAlive: T0 - 2 * MIN, clean: { at: T0 - 2 * MIN, pid: 1, planned: marker(T0 - 3 * MIN) }, planned: undefined, seenBoot: undefined });
    assert.equal(k.kind, 'planned');
  });
  it('a reboot asked after this boot began did not take effect, whether the boot was already reported or the worker just restarted', () => {
    const asked = marker(T0 + 5 * MIN);
    const sameBoot = classifyStart({ bootTime: T0, lastAlive: T0 + 6 * MIN, clean: undefined, planned: asked, seenBoot: T0 });
    assert.deepEqual(sameBoot, { kind: 'not-happened', planned: asked });
    const restart = classifyStart({ bootTime: T0, lastAlive: T0 + 6 * MIN, clean: { at: T0 + 6 * MIN, pid: 1, planned: asked }, planned: asked, seenBoot: undefined });
    assert.deepEqual(restart, { kind: 'not-happened', planned: asked });
  });
  it('a marker from before this boot, found again after the boot was reported, is not reported twice', () => {
    const k = classifyStart({ bootTime: T0, lastAlive: T0 + 1 * MIN, clean: undefined, planned: marker(T0 - 2 * MIN), seenBoot: T0 });
    assert.equal(k.kind, 'already-reported');
  });
});
