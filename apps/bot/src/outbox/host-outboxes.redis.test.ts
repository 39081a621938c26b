import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultJobOptions, keys, LEGACY_NOTIFY_QUEUE, openQueue, Producer, waitReady, type JobMeta } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { FAKE_BOT_TOKEN, startFakeTelegram, startTestRedis, testConfig, waitFor, type FakeTelegram, type TestRedis } from '@potion/testkit';
import { Api } from 'grammy';
import type { Redis } from 'ioredis';
import { TelegramLink } from '../link.js';
import { Deliverer } from './deliver.js';
import { HostOutboxes } from './host-outboxes.js';

let server: TestRedis;
let redis: Redis;
let fake: FakeTelegram;
let outboxes: HostOutboxes | undefined;
const log = createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false });
const CHAT = 1001;
const meta = (requestId: string): JobMeta => ({ requestId, by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() });
const message = (text: string) => ({ chatId: CHAT, kind: 'alert' as const, text, createdAt: Date.now() });
const sentTexts = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === CHAT && c.status === 200).map((c) => String(c.text));

before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url, { role: 'producer', name: 'outboxes-test' });
  await waitReady(redis);
  fake = await startFakeTelegram();
});
after(async () => {
  await outboxes?.close();
  redis?.disconnect();
  await server?.stop();
  await fake?.stop();
});

test('an upgrade loses no message: the legacy shared outbox is delivered, then no longer consumed; a host added later is picked up', async () => {
  // Messages an older worker left in the shared `notify` queue before the upgrade.
  const legacy = openQueue(LEGACY_NOTIFY_QUEUE, { connection: redis });
  for (const [i, text] of ['lama 1', 'lama 2'].entries()) {
    await legacy.add('notify.send', { payload: message(text), meta: meta(`old-${i}`) }, { ...defaultJobOptions('notify', 1), jobId: `old-${i}` });
  }
  await legacy.add('notify.send', { payload: message('lama nanti'), meta: meta('old-late') }, { ...defaultJobOptions('notify', 1), jobId: 'old-late', delay: 300 });
  // And one in this host's own outbox.
  const home = new Producer({ connection: redis, hostId: 'home' });
  await home.enqueue('notify.send', message('baru home'), meta('new-home'), { jobId: 'same-id' });

  const config = testConfig({ TELEGRAM_API_ROOT: fake.apiRoot });
  const deliverer = new Deliverer({ api: new Api(FAKE_BOT_TOKEN, { apiRoot: fake.apiRoot }), redis, config, log, link: new TelegramLink(60_000), now: Date.now });
  outboxes = new HostOutboxes({ redisUrl: server.url, redis, deliverer, log, lockMs: 5000, hostId: 'home', hostsRefreshMs: 100, legacyCheckMs: 50 });
  outboxes.start();

  await waitFor('every legacy and own message sent', async () => (['lama 1', 'lama 2', 'lama nanti', 'baru home'].every((t) => sentTexts().includes(t)) ? true : undefined), 15_000);
  assert.deepEqual(
    sentTexts().filter((t) => t.startsWith('lama')),
    ['lama 1', 'lama 2', 'lama nanti'],
    'the legacy messages in their order, the delayed one included',
  );
  await waitFor('the legacy queue no longer consumed', async () => (outboxes!.queues().includes(LEGACY_NOTIFY_QUEUE) ? undefined : true), 5000);
  assert.deepEqual(outboxes.queues(), ['notify@home']);

  // A second host registered while the bot runs: its outbox is consumed without a restart,
  // and a job id it shares with this host's outbox is still delivered (ids are per queue).
  await redis.hset(keys.hosts, 'pi', JSON.stringify({ name: 'pi', addedAt: Date.now() }));
  const pi = new Producer({ connection: redis, hostId: 'pi' });
  await pi.enqueue('notify.send', message('dari pi'), meta('new-pi'), { jobId: 'same-id' });
  await waitFor('the message of the host added later', async () => (sentTexts().includes('dari pi') ? true : undefined), 10_000);
  assert.deepEqual(outboxes.queues().sort(), ['notify@home', 'notify@pi']);
  assert.equal(sentTexts().filter((t) => t === 'dari pi' || t === 'baru home').length, 2, 'each once');
  await legacy.close();
  await home.close();
  await pi.close();
});
