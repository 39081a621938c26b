import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hostKeys, texts } from '@potion/jobs';
import { waitFor, shownText } from '@potion/testkit';
import { ADMIN, startBotStack, type BotStack } from '../harness/bot-stack.js';

describe('security updates and "reboot required" in 📊 Status, end to end (real bot, worker and Redis; fake Telegram; stand-in apt-get and systemctl)', () => {
  let s: BotStack;
  let dir: string;
  let marker: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'potion-reboot-'));
    marker = join(dir, 'reboot-required');
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', POWER_ANNOUNCE_WAIT_SEC: '0', REBOOT_REQUIRED_FILE: marker } });
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Presses 📊 Status and returns the result (an edit of the pending message). */
  async function status(): Promise<{ messageId: number; text: string }> {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '📊 Status');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    const done = await s.editOf(ADMIN, messageId, (t) => t.startsWith('📊 Status server'));
    return { messageId, text: String(done.text) };
  }

  test('without the marker, Status has no reboot line and no reboot button', async () => {
    const { messageId, text } = await status();
    assert.doesNotMatch(text, /♻️|Perlu reboot/);
    assert.deepEqual(s.fake.buttons(messageId).map((b) => b.text), ['🔍 Detail']);
  });

  test('Status shows the counted security updates and "Perlu reboot"; its button leads to the usual reboot confirmation and ✅ reboots once', async () => {
    const security = 'Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security';
    s.standins.set('apt/upgradable', `openssl 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5 ${security}\nlibssl3t64 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5 ${security}\n`);
    // As the hourly scheduler does.
    await s.producer.enqueue('health.updates', {}, { requestId: 'sec-count', by: { kind: 'scheduler', name: 'health.updates' }, enqueuedAt: Date.now() });
    await waitFor('the new count', async () => JSON.parse((await s.conn.get(hostKeys(s.config.hostId).securityUpdates)) ?? '{}').count === 2, 15_000);
    writeFileSync(marker, '*** System restart required ***\n');
    writeFileSync(`${marker}.pkgs`, 'linux-image-6.8.0-51-generic\n');

    const { messageId, text } = await status();
    assert.match(text, /\n🔐 2 update keamanan menunggu \(openssl, libssl3t64\)/);
    assert.match(text, /\n♻️ Perlu reboot supaya update aktif \(linux-image-6\.8\.0-51-generic\)/);
    const reboot = s.fake.buttons(messageId).find((b) => b.text === '♻️ Reboot sekarang');
    assert.ok(reboot, 'the reboot button is under Status');

    s.fake.press(ADMIN, messageId, reboot.data);
    await s.editOf(ADMIN, messageId, (t) => t === shownText(texts.CONFIRM('me-reboot server')));
    assert.deepEqual(s.standins.powerCalls(), [], 'nothing before the confirmation');
    const yes = s.fake.buttons(messageId).find((b) => b.text.includes('✅'));
    assert.ok(yes);
    s.fake.press(ADMIN, messageId, yes.data);
    await s.editOf(ADMIN, messageId, (t) => t.startsWith('🔁 Perintah reboot sudah dikirim'), 15_000);
    assert.deepEqual(s.standins.powerCalls(), ['reboot']);
    assert.ok(s.audit().some((e) => e.who === `tg:${ADMIN}` && e.action === 'host.reboot' && e.outcome === 'ok'), 'the reboot is audited as the signed job');
  });
});
