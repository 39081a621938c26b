import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertFamily, buttons, hostKeys, keys, openQueue, Producer, PROOF_KEY_FILE, queueName, readHostLists, texts, HOST_PROOF_KEY_DIR, hostProofKeyFile } from '@potion/jobs';
import { APP_MAIN, createStandins, shownText, startAppProcess, waitFor, waitWorkerReady, type AppProcess, type Standins } from '@potion/testkit';
import type { Queue } from 'bullmq';
import { ADMIN, startFaultStack, type FaultStack } from '../harness/fault-harness.js';

const PI_UNITS = ['pihole-FTL.service', 'zigbee2mqtt.service'];
const HOME_UNITS = ['n8n.service', 'cloudflared.service'];
const POWER = ['🔁 Reboot server', '⏻ Matikan server'];
const UNKNOWN_C = '⚠️ Daftar service host c belum terbaca (worker-nya versi lama atau belum jalan). Coba lagi setelah worker di c jalan ya.';

/**
 * Issue 18 leftover: 🧰 Kontrol, 📜 Logs and 🐳 list the picked host's own whitelists, as its
 * worker published them (`hostKeys(id).lists`), not the bot's `.env`. One bot, a real worker
 * for `home` (the bot's own host) and one for `pi` with other services and a container, on
 * one real Redis, each with its own stand-in systemctl (PATH).
 */
describe("per-host lists in the bot's menus (real bot, two real workers with different whitelists, real Redis; fake Telegram)", () => {
  let s: FaultStack;
  let standinsPi: Standins;
  let producerPi: Producer;
  let readPi: Queue;
  let pi: AppProcess | undefined;
  const restartsOf = (st: Standins, unit: string) => st.calls('systemctl').filter((l) => l.includes(`restart -- ${unit}`)).length;
  const texts_ = (messageId: number) => s.fake.buttons(messageId).map((x) => x.text);

  before(async () => {
    s = await startFaultStack({ env: { HOST_ID: 'home', BOT_FLOOD_BURST: '1000' }, bot: false });
    standinsPi = createStandins();
    for (const u of PI_UNITS) standinsPi.unit(u, 'active running');
    standinsPi.journal('pihole-FTL.service', ['pihole-FTL[42]: dnsmasq answered from the pi']);
    const root = mkdtempSync(join(tmpdir(), 'potion-host-pi-'));
    await s.conn.hset(hostKeys('pi').settings, Object.fromEntries(alertFamily.options.map((f) => [`alert.${f}`, 'off'])));
    const dataPi = join(root, 'data');
    pi = startAppProcess(APP_MAIN.worker, {
      ...s.config.env,
      HOST_ID: 'pi',
      SERVICES_WHITELIST: PI_UNITS.join(','),
      DOCKER_WHITELIST: 'homeassistant,mosquitto',
      DATA_DIR: dataPi,
      LOG_DIR: join(root, 'logs'),
      HDD_MOUNT: join(root, 'hdd'),
      ...standinsPi.env,
    });
    await waitWorkerReady(pi, 60_000);
    // What the join of a host leaves on the main machine: pi's job-proof key, for the bot.
    mkdirSync(join(s.config.dataDir, HOST_PROOF_KEY_DIR), { recursive: true });
    copyFileSync(join(dataPi, PROOF_KEY_FILE), join(s.config.dataDir, hostProofKeyFile('pi')));
    producerPi = new Producer({ connection: s.conn, hostId: 'pi' });
    readPi = openQueue(queueName('read', 'pi'), { connection: s.conn });
    await s.startBot();
  });
  after(async () => {
    await pi?.stop(3000);
    standinsPi?.cleanup();
    await readPi?.close();
    await producerPi?.close();
    await s?.stop();
  });

  const pressText = async (messageId: number, text: string) => {
    const button = s.fake.buttons(messageId).find((x) => x.text === text);
    assert.ok(button, `a button "${text}" under message ${messageId}: ${JSON.stringify(s.fake.buttons(messageId))}`);
    s.fake.press(ADMIN, messageId, button.data);
  };

  test('each worker publishes its own whitelists under its host keys at start', async () => {
    const piLists = await readHostLists(s.conn, 'pi');
    assert.ok(piLists.ok, JSON.stringify(piLists));
    assert.deepEqual({ services: piLists.lists.services, containers: piLists.lists.containers }, { services: PI_UNITS, containers: ['homeassistant', 'mosquitto'] });
    const homeLists = await readHostLists(s.conn, 'home');
    assert.ok(homeLists.ok, JSON.stringify(homeLists));
    assert.deepEqual({ services: homeLists.lists.services, containers: homeLists.lists.containers }, { services: HOME_UNITS, containers: [] });
  });

  test("🧰 Kontrol for pi lists pi's services and containers; a restart picked there runs on pi's stand-in only; for home it lists home's", async () => {
    await s.conn.del(keys.chatHost(ADMIN));
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const picker = await s.sentAfter(ADMIN, from, (t) => t === '🖥️ Mau ke server yang mana?');
    await pressText(picker.messageId, '🖥️ pi');
    await s.editOf(ADMIN, picker.messageId, (t) => t === '🧰 Mau kontrol service yang mana?');
    assert.deepEqual(texts_(picker.messageId), [...PI_UNITS, '📋 Status semua service', '🐳 Container Docker', ...POWER, '🖥️ pi · ganti']);

    await pressText(picker.messageId, 'pihole-FTL.service');
    await s.editOf(ADMIN, picker.messageId, (t) => t.startsWith('🧰 pihole-FTL.service'));
    await pressText(picker.messageId, '🔄 Restart');
    await s.editOf(ADMIN, picker.messageId, (t) => t === shownText(texts.CONFIRM('me-restart pihole-FTL.service', 'pi')));
    from = s.fake.calls.length;
    await pressText(picker.messageId, '✅ Ya, lanjut');
    await s.editOf(ADMIN, picker.messageId, (t) => /pihole-FTL\.service sudah di-restart/.test(t), 20_000);
    assert.equal(restartsOf(standinsPi, 'pihole-FTL.service'), 1, "the restart reached pi's systemctl");
    assert.equal(s.standins.calls('systemctl').filter((l) => l.includes('restart --')).length, 0, "and nothing restarted on home's");

    from = s.fake.calls.length;
    s.fake.type(ADMIN, '🧰 Kontrol');
    const again = await s.sentAfter(ADMIN, from, (t) => t === '🧰 Mau kontrol service yang mana?');
    await pressText(again.messageId, '🖥️ pi · ganti');
    await s.editOf(ADMIN, again.messageId, (t) => t === '🖥️ Mau ke server yang mana?');
    await pressText(again.messageId, '🖥️ home');
    await s.editOf(ADMIN, again.messageId, (t) => t === '🧰 Mau kontrol service yang mana?' && texts_(again.messageId).includes('🖥️ home · ganti'));
    assert.deepEqual(texts_(again.messageId), [...HOME_UNITS, '📋 Status semua service', ...POWER, '🖥️ home · ganti']);
  });

  test("📜 Logs for pi offers pi's units' journals; a tail of one runs on pi", async () => {
    await s.conn.set(keys.chatHost(ADMIN), 'pi');
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '📜 Logs');
    const logs = await s.sentAfter(ADMIN, from, (t) => t === '📜 Mau lihat log yang mana?');
    assert.deepEqual(texts_(logs.messageId), ['📄 runtime.log', ...PI_UNITS.map((u) => `🧩 ${u}`), '🐧 dmesg', '🖥️ pi · ganti']);
    await pressText(logs.messageId, '🧩 pihole-FTL.service');
    await s.editOf(ADMIN, logs.messageId, (t) => t.startsWith('📜 pihole-FTL.service'));
    from = s.fake.calls.length;
    await pressText(logs.messageId, 'Tail 50');
    const tail = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, tail, (t) => t.includes('dnsmasq answered from the pi'), 20_000);
    // The line is only in pi's stand-in journal; the job itself completes just after its answer is queued.
    await waitFor('the tail of pihole-FTL.service completed on pi', async () =>
      (await readPi.getJobs(['completed'])).some((j) => j.name === 'logs.tail' && (j.data as { payload?: { unit?: string } }).payload?.unit === 'pihole-FTL.service'),
    10_000);
  });

  test("a word typed after 🔍 Cari kata… under pi's 📜 Logs is searched on pi, even when the chat picked home meanwhile", async () => {
    await s.conn.set(keys.chatHost(ADMIN), 'pi');
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '📜 Logs');
    const logs = await s.sentAfter(ADMIN, from, (t) => t === '📜 Mau lihat log yang mana?');
    await pressText(logs.messageId, '🧩 pihole-FTL.service');
    await s.editOf(ADMIN, logs.messageId, (t) => t.startsWith('📜 pihole-FTL.service'));
    // Another menu switched the chat to home; this message still belongs to pi.
    await s.conn.set(keys.chatHost(ADMIN), 'home');
    from = s.fake.calls.length;
    await pressText(logs.messageId, '🔍 Cari kata…');
    await s.sentAfter(ADMIN, from, (t) => t.startsWith('🔍 Ketik kata'));
    from = s.fake.calls.length;
    s.fake.type(ADMIN, 'dnsmasq');
    const found = await s.pendingAfter(ADMIN, from);
    const final = await s.finalEdit(ADMIN, found, 20_000);
    assert.match(String(final.text), /dnsmasq answered from the pi/);
  });

  test("🐳 under a message of pi's outbox picks pi's container by its index in pi's list", async () => {
    const from = s.fake.calls.length;
    const rows = [[{ text: '🏠 homeassistant', data: buttons.docker.build({ kind: 'pick', index: 0 }) }]];
    await producerPi.enqueue('notify.send', { chatId: ADMIN, text: 'Pesan dari pi', kind: 'info', createdAt: Date.now(), buttons: rows }, s.meta('from-pi'));
    const msg = await s.sentAfter(ADMIN, from, (t) => t === 'Pesan dari pi');
    await pressText(msg.messageId, '🏠 homeassistant');
    await s.editOf(ADMIN, msg.messageId, (t) => t === '🐳 Container homeassistant\nMau diapakan?');
  });

  test("an alert of pi with a restart button for pi's unit (not in the bot's .env) asks for the confirmation on pi", async () => {
    let from = s.fake.calls.length;
    const rows = [[{ text: '🔄 Restart zigbee2mqtt', data: buttons.alert.build({ kind: 'restart', unit: 'zigbee2mqtt.service' }) }]];
    await producerPi.enqueue('notify.send', { chatId: ADMIN, text: 'Alert dari pi', kind: 'alert', createdAt: Date.now(), buttons: rows }, s.meta('alert-pi'));
    const alert = await s.sentAfter(ADMIN, from, (t) => t === 'Alert dari pi');
    from = s.fake.calls.length;
    await pressText(alert.messageId, '🔄 Restart zigbee2mqtt');
    await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('me-restart zigbee2mqtt.service', 'pi')));
  });

  test('a host whose worker published nothing (or garbage) gets an honest line in 🧰 Kontrol and 📜 Logs, never the bot\'s own list', async () => {
    await s.conn.hset(keys.hosts, 'c', JSON.stringify({ name: 'c', addedAt: Date.now() }));
    await s.conn.set(keys.chatHost(ADMIN), 'c');
    try {
      let from = s.fake.calls.length;
      s.fake.type(ADMIN, '🧰 Kontrol');
      const ctl = await s.sentAfter(ADMIN, from, (t) => t === UNKNOWN_C);
      assert.deepEqual(texts_(ctl.messageId), [...POWER, '🖥️ c · ganti']);

      await s.conn.set(hostKeys('c').lists, '{"services": ["not a unit; rm -rf /"], "containers": []');
      from = s.fake.calls.length;
      s.fake.type(ADMIN, '📜 Logs');
      const logs = await s.sentAfter(ADMIN, from, (t) => t === `📜 Mau lihat log yang mana?\n${UNKNOWN_C}`);
      assert.deepEqual(texts_(logs.messageId), ['📄 runtime.log', '🐧 dmesg', '🖥️ c · ganti']);

      await s.conn.set(hostKeys('c').lists, JSON.stringify({ services: ['rm -rf /'], containers: [], publishedAt: 1 }));
      from = s.fake.calls.length;
      s.fake.type(ADMIN, '🧰 Kontrol');
      const bad = await s.sentAfter(ADMIN, from, (t) => t === UNKNOWN_C);
      assert.deepEqual(texts_(bad.messageId), [...POWER, '🖥️ c · ganti']);
      await waitFor('the bot logged the bad lists', () => /the lists a host published are not valid/.test(s.bot()?.output() ?? ''), 5_000);
    } finally {
      await s.conn.hdel(keys.hosts, 'c');
      await s.conn.del(keys.chatHost(ADMIN), hostKeys('c').lists);
    }
  });
});
