import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hostKeys, texts } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';
import { startDockerd, type Dockerd } from '../harness/dockerd.js';

// Issue 19 point 4 through the bot: the real bot and worker processes, a fake Bot API, and a
// REAL private dockerd (harness/dockerd.ts) the worker reaches over DOCKER_SOCKET.

const started = await startDockerd();
const skip = started.ok ? false : started.skip;

describe('🐳 containers in the bot, end to end (real bot, worker, Redis and dockerd; fake Telegram)', { skip }, () => {
  let s: BotStack;
  let d: Dockerd;

  before(async () => {
    if (!started.ok) return;
    d = started.dockerd;
    await d.run('web', 'trap "exit 0" TERM; echo "halo dari web"; while :; do sleep 1; done');
    await d.run('db', 'trap "exit 0" TERM; while :; do sleep 1; done');
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', DOCKER_WHITELIST: 'web', DOCKER_SOCKET: d.socket } });
  });
  after(async () => {
    await s?.stop();
    await d?.stop();
  });

  /** 🧰 Kontrol → 🐳 Container Docker: the list message (a new one, from the worker). */
  async function openList(userId: number): Promise<number> {
    let from = s.fake.calls.length;
    s.fake.type(userId, '🧰 Kontrol');
    const kontrol = await s.sentAfter(userId, from, (t) => t.startsWith('🧰 '));
    const docker = s.fake.buttons(kontrol.messageId).find((b) => b.text === '🐳 Container Docker');
    assert.ok(docker, 'Kontrol offers the containers when DOCKER_WHITELIST is set');
    from = s.fake.calls.length;
    s.fake.press(userId, kontrol.messageId, docker.data);
    const { messageId } = await s.pendingAfter(userId, from);
    await s.editOf(userId, messageId, (t) => t.startsWith('🐳 Container Docker:'));
    return messageId;
  }

  /** Picks `web` under the list, then presses one action; returns the message the answer edits. */
  async function pressAction(list: number, label: string): Promise<number> {
    s.fake.press(ADMIN, list, s.fake.buttons(list).find((b) => b.text.endsWith(' web'))!.data);
    await s.editOf(ADMIN, list, (t) => t === '🐳 Container web\nMau diapakan?');
    assert.deepEqual(s.fake.buttons(list).map((b) => b.text), ['▶️ Start', '⏹ Stop', '🔄 Restart', '📜 Log 50 baris', '« Kembali']);
    s.fake.press(ADMIN, list, s.fake.buttons(list).find((b) => b.text === label)!.data);
    return list;
  }

  test('/containers lists every container with its state (a viewer may look); only the whitelisted one has a button', async () => {
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '/containers');
    const { messageId } = await s.pendingAfter(VIEWER, from);
    const text = String((await s.editOf(VIEWER, messageId)).text);
    assert.equal(
      text,
      '🐳 Container Docker:\n🟢 db: jalan\n🟢 web: jalan 🛂\n\n🛂 = ada di DOCKER_WHITELIST: boleh aku start/stop/restart dan aku kabari kalau mati. Pilih di bawah.',
    );
    assert.deepEqual(s.fake.buttons(messageId).map((b) => [b.text, b.data]), [['🟢 web', 'dk:c:0']]);
  });

  test('a viewer who presses the container button is refused, audited, and nothing changes', async () => {
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'dk:c:0');
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER));
    assert.ok(s.audit().some((e) => e.who === `tg:${VIEWER}` && e.outcome === 'refused' && e.action === 'button:dk:c:0'));
  });

  test('📊 Status shows the containers and a 🐳 button', async () => {
    const from = s.fake.calls.length;
    s.fake.type(VIEWER, '📊 Status');
    const { messageId } = await s.pendingAfter(VIEWER, from);
    const text = String((await s.editOf(VIEWER, messageId, (t) => t.startsWith('📊 Status server'))).text);
    assert.match(text, /\n\n🐳 Container\n🟢 db: jalan\n🟢 web: jalan 🛂(\n|$)/);
    assert.ok(s.fake.buttons(messageId).some((b) => b.text === '🐳 Container' && b.data === 'dk:list'));
  });

  test('⏹ Stop asks for confirmation, ✅ stops it for real and marks it stopped on purpose; ▶️ Start brings it back', async () => {
    const list = await openList(ADMIN);
    const before = await d.inspect('web');
    await pressAction(list, '⏹ Stop');
    await s.editOf(ADMIN, list, (t) => t === shownText(texts.CONFIRM('mematikan container web')));
    assert.equal((await d.inspect('web')).state, 'running', 'nothing before the confirmation');
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, list, s.fake.buttons(list).find((b) => b.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    const stopped = await s.editOf(ADMIN, list, (t) => t.includes('Container web sudah dimatikan'), 30_000);
    assert.match(String(stopped.text), /Status sekarang: 🔴 berhenti \(exit 0\)/);
    assert.equal((await d.inspect('web')).state, 'exited');
    assert.deepEqual(await s.conn.smembers(hostKeys(s.config.hostId).dockerStopped), ['web']);
    assert.ok(s.audit().some((e) => e.who === `tg:${ADMIN}` && e.action === 'docker.stop' && e.outcome === 'ok'));

    const again = await openList(ADMIN);
    assert.match(String(s.fake.calls.findLast((c) => c.params.message_id === again)?.text), /🔴 web: berhenti \(exit 0\) 🛂/);
    await pressAction(again, '▶️ Start');
    await s.editOf(ADMIN, again, (t) => t === shownText(texts.CONFIRM('menyalakan container web')));
    from = s.fake.calls.length;
    s.fake.press(ADMIN, again, s.fake.buttons(again).find((b) => b.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, again, (t) => t.includes('Container web sudah dinyalakan. Status sekarang: 🟢 jalan'), 30_000);
    const after = await d.inspect('web');
    assert.equal(after.state, 'running');
    assert.notEqual(after.startedAt, before.startedAt);
    assert.deepEqual(await s.conn.smembers(hostKeys(s.config.hostId).dockerStopped), []);
  });

  test('📜 Log 50 baris shows the container\'s own output', async () => {
    const list = await openList(ADMIN);
    const from = s.fake.calls.length;
    await pressAction(list, '📜 Log 50 baris');
    await s.pendingAfter(ADMIN, from);
    const logs = await s.editOf(ADMIN, list, (t) => t.startsWith('📜 Log container web'));
    assert.match(String(logs.text), /^📜 Log container web — \d+ baris terakhir\n\nhalo dari web/);
    assert.ok(logs.entities?.some((e) => e.type === 'pre'), 'the lines are one <pre> block');
  });

  test('▶️ Start under a container alert asks in a new message (the alert stays), and says when it already runs', async () => {
    const alertMessageId = 4242;
    let from = s.fake.calls.length;
    s.fake.press(ADMIN, alertMessageId, 'dk:n:0:start');
    const ask = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('menyalakan container web')));
    assert.ok(!s.fake.calls.slice(from).some((c) => c.method === 'editMessageText' && c.params.message_id === alertMessageId), 'the alert is not edited');
    from = s.fake.calls.length;
    s.fake.press(ADMIN, ask.messageId, s.fake.buttons(ask.messageId).find((b) => b.text.includes('✅'))!.data);
    await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, ask.messageId, (t) => t.includes('Container web memang sudah jalan. Status sekarang: 🟢 jalan'), 30_000);
  });
});
