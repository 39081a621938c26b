import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hostKeys, texts } from '@potion/jobs';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';
import { shownText } from '@potion/testkit';

const isServiceAlert = (t: string) => t.startsWith('🚨 ❌ Service n8n.service mati');

describe('alert buttons and ⚙️ alert toggles, end to end (real bot, worker, sampler and Redis; fake Telegram; stand-in systemctl)', () => {
  let s: BotStack;

  before(async () => {
    // The host rules stay off (startBotStack) except the service one, sampled every second.
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', SAMPLE_INTERVAL_SEC: '1', ALERT_CLEAR_FOR_SEC: '0' } });
    await s.conn.hset(hostKeys(s.config.hostId).settings, 'alert.service', 'on');
  });
  after(async () => {
    await s?.stop();
  });

  const restarts = () => s.standins.calls('sudo').filter((c) => /systemctl\s+restart/.test(c));

  test('a failed unit alerts with Restart; a viewer is refused with their id; an admin confirms, it restarts once and the recovery arrives', async () => {
    let from = s.fake.calls.length;
    s.standins.unit('n8n.service', 'failed failed');
    const alert = await s.sentAfter(ADMIN, from, isServiceAlert);
    const restart = s.fake.buttons(alert.messageId).find((b) => b.text.includes('Restart'));
    assert.deepEqual(restart, { text: '🔄 Restart', data: 'alert:restart:n8n.service' });

    from = s.fake.calls.length;
    s.fake.press(VIEWER, alert.messageId, restart.data);
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));

    from = s.fake.calls.length;
    s.fake.press(ADMIN, alert.messageId, restart.data);
    const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('me-restart n8n.service')));
    assert.deepEqual(restarts(), [], 'nothing before the confirmation');
    const yes = s.fake.buttons(confirm.messageId).find((b) => b.text.includes('✅'));
    assert.ok(yes);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, confirm.messageId, yes.data);
    await s.editOf(ADMIN, confirm.messageId, (t) => /n8n\.service sudah di-restart/.test(t), 15_000);
    assert.equal(s.standins.unitState('n8n.service'), 'active running');
    await s.sentAfter(ADMIN, from, (t) => t.startsWith('✅ Service n8n.service sudah normal lagi'));
    assert.equal(restarts().length, 1);
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.action === 'button:alert:restart:n8n.service' && e.outcome === 'refused'));
  });

  test('Restart of a unit outside SERVICES_WHITELIST is refused before any confirmation', async () => {
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'alert:restart:ssh.service');
    assert.equal((await s.answerAfter(from)).text, texts.notWhitelisted('ssh.service'));
    assert.ok(!s.fake.calls.slice(from).some((c) => c.method === 'sendMessage' && String(c.text).includes('ssh.service')), 'no confirmation asked');
  });

  test('📂 Lihat yang besar lists the biggest folders of the HDD; a viewer may not run it', async () => {
    mkdirSync(join(s.config.hddMount, 'film'), { recursive: true });
    mkdirSync(join(s.config.hddMount, 'foto'), { recursive: true });
    writeFileSync(join(s.config.hddMount, 'film', 'a.mkv'), Buffer.alloc(2 * 1024 * 1024, 1));
    writeFileSync(join(s.config.hddMount, 'foto', 'b.jpg'), Buffer.alloc(256 * 1024, 1));
    let from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'alert:big:hdd');
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));

    from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'alert:big:hdd');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    const text = String((await s.editOf(ADMIN, messageId, (t) => t.startsWith(`📂 Folder paling besar di ${s.config.hddMount}`))).text);
    const film = text.indexOf(`${join(s.config.hddMount, 'film')}\n`);
    const foto = text.indexOf(`${join(s.config.hddMount, 'foto')}\n`);
    assert.ok(film > 0 && foto > film, `film (bigger) listed before foto:\n${text}`);
  });

  test('⚙️ Toggle alert shows the toggles; switching a family off and on again edits the message and the settings hash', async () => {
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'set:alerts');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    const view = String((await s.editOf(ADMIN, messageId)).text);
    assert.match(view, /^⚙️ Pengaturan alert/);
    assert.match(view, /🔔 Service mati: ON/);
    assert.match(view, /🔕 Suhu tinggi: OFF/);
    assert.ok(!view.includes('segera hadir'));

    const off = s.fake.buttons(messageId).find((b) => b.data === 'set:alert:service:off');
    assert.ok(off, 'a button to switch the service alerts off');
    from = s.fake.calls.length;
    s.fake.press(VIEWER, messageId, off.data);
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, 'alert.service'), 'on');

    s.fake.press(ADMIN, messageId, off.data);
    assert.match(String((await s.editOf(ADMIN, messageId, (t) => t.startsWith('Beres! ✅ Ringkasan: alert Service mati sekarang OFF'))).text), /🔕 Service mati: OFF/);
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, 'alert.service'), 'off');

    const on = s.fake.buttons(messageId).find((b) => b.data === 'set:alert:service:on');
    assert.ok(on, 'the edited message offers switching it on again');
    s.fake.press(ADMIN, messageId, on.data);
    await s.editOf(ADMIN, messageId, (t) => t.startsWith('Beres! ✅ Ringkasan: alert Service mati sekarang ON'));
    assert.equal(await s.conn.hget(hostKeys(s.config.hostId).settings, 'alert.service'), 'on');
  });
});
