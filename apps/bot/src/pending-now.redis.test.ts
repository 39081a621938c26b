import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keys, Producer, texts, waitReady } from '@potion/jobs';
import { AuditLog, createLogger, createRedis } from '@potion/platform';
import { FAKE_BOT_TOKEN, startFakeTelegram, startTestRedis, testConfig, waitFor, type FakeTelegram, type TestRedis } from '@potion/testkit';
import { Api, type Bot } from 'grammy';
import type { Redis } from 'ioredis';
import { ConfirmTokens } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';
import { startStatusBot } from './status-bot.test-helper.js';
import { TelegramLink } from './link.js';
import { Deliverer } from './outbox/deliver.js';
import { HostOutboxes } from './outbox/host-outboxes.js';

// The pending message of a press goes out at once (docs/decisions/054): the bot delivers it
// itself right after queueing it with the job, and its outbox job, still queued, is the
// durable fallback that then sends nothing.
const ADMIN = 1001;

let server: TestRedis;
let fake: FakeTelegram;
let redis: Redis;
let producer: Producer;
let outboxes: HostOutboxes;
let bot: Bot<BotContext>;

before(async () => {
  server = await startTestRedis();
  fake = await startFakeTelegram();
  const config = testConfig({ ADMIN_IDS: String(ADMIN), TELEGRAM_API_ROOT: fake.apiRoot });
  redis = createRedis(server.url, { role: 'producer', name: 'pending-now-test' });
  await waitReady(redis);
  producer = new Producer({ connection: redis, hostId: config.hostId });
  const log = createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false });
  const deliverer = new Deliverer({ api: new Api(FAKE_BOT_TOKEN, { apiRoot: fake.apiRoot }), redis, config, log, link: new TelegramLink(60_000), now: Date.now });
  // The outbox worker is not taking jobs yet.
  outboxes = new HostOutboxes({ redisUrl: server.url, redis, deliverer, log, lockMs: 5000, hostId: config.hostId });
  const deps: BotDeps = { config, log, producer, redis, audit: new AuditLog(config.logDir), now: Date.now, tokens: new ConfirmTokens(redis) };
  deps.deliverNow = (m, jobId, requestId) => outboxes.deliverNow(m, jobId, requestId);
  bot = await startStatusBot(deps, fake.apiRoot, ADMIN);
});
after(async () => {
  await outboxes?.close();
  await producer?.close();
  redis?.disconnect();
  await fake?.stop();
  await server?.stop();
});

test('the pending message is sent without waiting for the outbox worker, and its outbox job then sends nothing', async () => {
  const chat = { id: ADMIN, type: 'private' as const, first_name: 'Tester' };
  const message = { message_id: 1, date: Math.floor(Date.now() / 1000), chat, from: { id: ADMIN, is_bot: false, first_name: 'Tester' }, text: '/status', entities: [{ type: 'bot_command' as const, offset: 0, length: 7 }] };
  await bot.handleUpdate({ update_id: 88, message });
  assert.ok(await producer.queue('read').getJob('tg-88'), 'the job is queued');
  const pendings = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING && c.status === 200);
  await waitFor('the pending message', () => pendings().length > 0 || undefined, 5000);
  const sentId = (pendings()[0]!.result as { message_id: number }).message_id;
  // Recorded under its outbox job once Telegram answered, for the result to edit it.
  await waitFor('the pending message recorded as sent', async () => ((await redis.hget(keys.sent('pend-88'), '0')) === String(sentId) ? true : undefined), 5000);

  // The outbox worker starts and takes the pending message's job: already sent.
  outboxes.start();
  const job = await waitFor('the pending job done', async () => {
    const j = await producer.queue('notify').getJob('pend-88');
    return j?.finishedOn ? j : undefined;
  }, 10_000);
  assert.deepEqual(job.returnvalue, { messageId: sentId, skipped: 'already sent' });
  assert.equal(pendings().length, 1, 'the pending message was sent once');
});
