import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { BULLMQ_PREFIX, clock, hostKeys, jobs, keys, queueName, type JobMeta } from '@potion/jobs';
import { netnsUnavailable, testConfig, waitFor } from '@potion/testkit';
import { ADMIN, REDIS_PORT, startTwoHosts, type TwoHosts } from '../harness/two-hosts.js';

/**
 * Issue 18 "Done when", first point: two workers with different HOST_ID and Redis ACL users on
 * one real Redis, in network namespaces (two addresses): Status lists both, a restart on host B
 * runs only on B, B's ACL user gets NOPERM for A's queues, B killed → "tidak terdengar", B back
 * → recovery. Host A is `main` (100.64.0.1: Redis, worker A, the bot), host B is `pi`
 * (100.64.0.2: worker B as `worker-pi`). Harness: ../harness/two-hosts.ts.
 *
 * Steps that need the per-host bot menus (job `status.hosts`) or the host-silence check (job
 * `health.hosts`) run once those jobs are in the registry, and are skipped (saying why) before.
 */
const skip = netnsUnavailable();
const registry: Record<string, unknown> = jobs;
const needs = (job: string, what: string): string | false => (job in registry ? false : `needs ${what} (job ${job} is not in the registry yet)`);
const perHostMenus = needs('status.hosts', 'the per-host bot menus');
const hostSilence = needs('health.hosts', 'the host-silence check of the main worker');
const A = hostKeys('main');
const B = hostKeys('pi');
/** Host-silence check runs every minute, HOST_SILENT_MIN is 1: a bound, not a pace. */
const SILENCE_MS = 240_000;
const { timezone } = testConfig();

const meta = (requestId: string): JobMeta => ({ requestId, by: { kind: 'telegram', userId: ADMIN }, chatId: ADMIN, enqueuedAt: Date.now() });

describe('two hosts in network namespaces, one Redis with an ACL user per host, one bot', { skip, timeout: 900_000 }, () => {
  let h: TwoHosts;
  const restarts = (s: TwoHosts['standinsA']) => s.calls('systemctl').filter((l) => /restart -- n8n\.service/.test(l)).length;
  const heartbeat = async (k: typeof A) => Number((await h.admin.get(k.heartbeat)) ?? 0);
  /** The bot's messages in the admin chat from call index `from` on, as the user sees them. */
  const chatFrom = (from: number, match: (t: string) => boolean, timeoutMs: number, what: string) =>
    h.fake.waitForCall((c) => h.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200 && match(String(c.text)), timeoutMs, what);
  /** ACL LOG entries (field -> value) of one user. */
  const aclLog = async (user: string) =>
    ((await h.admin.call('ACL', 'LOG')) as unknown[][])
      .map((e) => Object.fromEntries(Array.from({ length: e.length / 2 }, (_, i) => [String(e[2 * i]), String(e[2 * i + 1])])))
      .filter((e) => e.username === user);

  before(async () => {
    h = await startTwoHosts();
  });
  after(async () => {
    await h?.stop();
  });

  test('both workers run on their own keys from their own addresses; the joined one is refused nothing', async () => {
    await waitFor('heartbeats and samples of both hosts', async () => (await h.admin.exists(A.heartbeat, B.heartbeat, A.sampleLatest, B.sampleLatest)) === 4, 60_000);
    assert.deepEqual(Object.keys(await h.admin.hgetall(keys.hosts)).sort(), ['main', 'pi'], 'main registered itself, `hosts add` registered pi');
    const clients = String(await h.admin.call('CLIENT', 'LIST')).split('\n');
    assert.ok(clients.some((l) => / user=worker-pi /.test(l) && /\baddr=100\.64\.0\.2:/.test(l)), `worker B is connected as worker-pi from 100.64.0.2:\n${clients.join('\n')}`);
    assert.ok(!clients.some((l) => / user=worker-pi /.test(l) && !/\baddr=100\.64\.0\.2:/.test(l)), 'worker-pi connects from pi only');
    assert.ok(clients.some((l) => / user=potion /.test(l) && /\baddr=100\.64\.0\.1:/.test(l)), 'worker A and the bot are connected as potion from 100.64.0.1');
    // Everything worker B wrote is under its own names (potion:host@pi:…, potion:<kind>@pi:…).
    const [, ofPi] = await h.admin.scan('0', 'MATCH', 'potion:*@pi:*', 'COUNT', 10_000);
    assert.ok(ofPi.includes(B.heartbeat) && ofPi.some((k) => k.startsWith(`${BULLMQ_PREFIX}:${queueName('read', 'pi')}:`)), `pi's keys and queues: ${ofPi.join(' ')}`);
    assert.deepEqual(await aclLog(h.pi.user), [], 'worker B needed nothing its ACL user may not touch');
    assert.doesNotMatch(h.workerB().output(), /NOPERM/);
  });

  test('📊 Status lists both hosts, each with a button', { skip: perHostMenus }, async () => {
    const from = h.fake.calls.length;
    h.fake.type(ADMIN, '📊 Status');
    const list = await h.fake.waitForCall((c) => h.fake.calls.indexOf(c) >= from && c.method === 'editMessageText' && String(c.text).startsWith('🖥️ Semua server'), 30_000, 'the list of hosts');
    assert.match(String(list.text), /^🟢 main · CPU \d+% · RAM \d+%/m);
    assert.match(String(list.text), /^🟢 pi · CPU \d+% · RAM \d+%/m);
    assert.deepEqual(h.fake.buttons(Number(list.params.message_id)).map((x) => x.text), ['📊 main', '📊 pi']);
  });

  test('a restart signed for pi runs only on pi, and its answer reaches the chat through notify@pi', async () => {
    const from = h.fake.calls.length;
    await h.producerFor('pi').enqueue('service.restart', { unit: 'n8n.service' }, meta('restart-on-pi'), { authorizedAt: Date.now() });
    await chatFrom(from, (t) => /n8n\.service sudah di-restart/.test(t), 30_000, 'the answer of the restart on pi');
    assert.equal(restarts(h.standinsB), 1, "the restart reached pi's systemctl");
    assert.equal(restarts(h.standinsA), 0, "and not main's");
    const onceB = new Queue(queueName('once', 'pi'), { connection: h.admin, prefix: BULLMQ_PREFIX });
    const onceA = new Queue(queueName('once', 'main'), { connection: h.admin, prefix: BULLMQ_PREFIX });
    try {
      assert.deepEqual((await onceB.getJobs(['completed'])).map((j) => j.name), ['service.restart']);
      assert.equal((await onceA.getJobs(['completed', 'failed', 'waiting', 'active'])).length, 0, 'no job on main');
    } finally {
      await onceA.close();
      await onceB.close();
    }
  });

  test('a restart on pi chosen from 🧰 Kontrol runs only on pi', { skip: perHostMenus }, async () => {
    const press = (messageId: number, text: string) => {
      const button = h.fake.buttons(messageId).find((x) => x.text === text);
      assert.ok(button, `a button "${text}": ${JSON.stringify(h.fake.buttons(messageId))}`);
      h.fake.press(ADMIN, messageId, button.data);
    };
    const edited = (messageId: number, match: (t: string) => boolean, what: string) =>
      h.fake.waitForCall((c) => c.method === 'editMessageText' && c.params.message_id === messageId && match(String(c.text)), 30_000, what);
    const before = { a: restarts(h.standinsA), b: restarts(h.standinsB) };
    const from = h.fake.calls.length;
    h.fake.type(ADMIN, '🧰 Kontrol');
    const picker = Number(((await chatFrom(from, (t) => t === '🖥️ Mau ke server yang mana?', 30_000, 'the host choice')).result as { message_id: number }).message_id);
    press(picker, '🖥️ pi');
    await edited(picker, (t) => t === '🧰 Mau kontrol service yang mana?', 'the services of pi');
    press(picker, 'n8n.service');
    await edited(picker, (t) => t.includes('Mau diapakan'), 'the actions');
    press(picker, '🔄 Restart');
    await edited(picker, (t) => t.startsWith('Yakin mau me-restart n8n.service di pi?'), 'the confirmation naming pi');
    press(picker, '✅ Ya, lanjut');
    await edited(picker, (t) => /n8n\.service sudah di-restart/.test(t), 'the result');
    assert.deepEqual({ a: restarts(h.standinsA), b: restarts(h.standinsB) }, { a: before.a, b: before.b + 1 }, 'signed by the bot with pi\'s key, run by pi only');
  });

  test("worker-pi gets NOPERM from Redis for main's queues and keys, from pi's own address", async () => {
    const cli = (...args: string[]) => {
      const r = h.run('pi', 'redis-cli', ['-h', '100.64.0.1', '-p', String(REDIS_PORT), '--user', h.pi.user, '--pass', h.pi.password, '--no-auth-warning', ...args]);
      return `${r.stdout}${r.stderr}`.trim();
    };
    assert.equal(cli('PING'), 'PONG', 'pi reaches Redis at 100.64.0.1 as worker-pi');
    assert.match(cli('EXISTS', B.heartbeat), /^1$/, 'its own keys are open');
    for (const args of [
      ['GET', A.heartbeat],
      ['HGETALL', A.settings],
      ['HGETALL', keys.hosts],
      ['LPUSH', `${BULLMQ_PREFIX}:${queueName('once', 'main')}:wait`, 'forged'],
      ['XADD', `${BULLMQ_PREFIX}:${queueName('notify', 'main')}:events`, '*', 'event', 'forged'],
    ]) assert.match(cli(...args), /^NOPERM /, args.join(' '));
    // A reboot of main through BullMQ itself, as a compromised Pi would try it.
    const onceA = new Queue(queueName('once', 'main'), { connection: h.connectAs(h.pi.user, h.pi.password), prefix: BULLMQ_PREFIX });
    try {
      const got = await onceA.add('power.reboot', {}).then((j) => `added ${j.id}`, (e: Error) => e.message);
      assert.match(got, /NOPERM/);
    } finally {
      await onceA.close();
    }
    assert.equal(await h.admin.exists(`${BULLMQ_PREFIX}:${queueName('once', 'main')}:wait`), 0, 'nothing was added to main');
    const refused = await aclLog(h.pi.user);
    assert.ok(refused.some((e) => e.reason === 'key' && /\baddr=100\.64\.0\.2:/.test(e['client-info'] ?? '')), `Redis logged the refusals of worker-pi from 100.64.0.2: ${JSON.stringify(refused)}`);
    assert.equal(h.standinsA.powerCalls().length, 0);
  });

  let lastB = 0;
  test('pi killed -9: its heartbeats stop while main goes on', async () => {
    h.workerB().child.kill('SIGKILL');
    await h.workerB().exited;
    lastB = await heartbeat(B);
    assert.ok(lastB > 0);
    let seen = await heartbeat(A);
    let beats = 0;
    // Two of main's heartbeats span at least one interval: pi, alive, would have sent one too.
    await waitFor('two more heartbeats of main', async () => {
      const now = await heartbeat(A);
      if (now > seen) [seen, beats] = [now, beats + 1];
      return beats >= 2;
    }, 60_000);
    assert.equal(await heartbeat(B), lastB, 'a killed worker sends nothing more');
  });

  let alertedAt = 0;
  test('pi killed: "🔌 pi tidak terdengar" reaches the admin', { skip: hostSilence }, async () => {
    const from = h.fake.calls.length;
    const alert = await chatFrom(from, (t) => t.startsWith('🔌 pi tidak terdengar'), SILENCE_MS, 'the host-silence alert for pi');
    assert.match(String(alert.text), new RegExp(`^🔌 pi tidak terdengar sejak ${clock(lastB, timezone)}\\.`));
    alertedAt = h.fake.calls.length;
  });

  test('pi back: its worker starts again as worker-pi and sends heartbeats', async () => {
    await h.startWorkerB();
    await waitFor('a new heartbeat of pi', async () => (await heartbeat(B)) > lastB, 60_000);
    assert.doesNotMatch(h.workerB().output(), /NOPERM/);
  });

  test('pi back: "✅ pi terdengar lagi" reaches the admin', { skip: hostSilence }, async () => {
    assert.ok(alertedAt > 0, 'the alert came first');
    await chatFrom(alertedAt, (t) => /^✅ pi terdengar lagi\b/.test(t), SILENCE_MS, 'the recovery message for pi');
  });
});
