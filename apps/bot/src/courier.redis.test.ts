import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { htmlToText, Producer, queueName, texts, waitReady } from '@potion/jobs';
import { AuditLog, createLogger, createRedis } from '@potion/platform';
import { startFakeTelegram, startTestRedis, testConfig, type FakeTelegram, type TestRedis } from '@potion/testkit';
import type { Bot } from 'grammy';
import type { Redis } from 'ioredis';
import { ConfirmTokens } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';
import { startStatusBot } from './status-bot.test-helper.js';

// The courier tells the user something is happening (the pending message, through the
// outbox) only once the job itself is queued: both go to Redis in one transaction.
const ADMIN = 1001;
const PASSWORD = 'CourierTestPassw0rdCourierTestPassw0rd';

let server: TestRedis;
let fake: FakeTelegram;
let admin: Redis;
let redis: Redis;
let producer: Producer;
/** Reads the queues as the app's full user. */
let look: Producer;
let bot: Bot<BotContext>;

before(async () => {
  server = await startTestRedis();
  fake = await startFakeTelegram();
  const config = testConfig({ ADMIN_IDS: String(ADMIN) });
  admin = createRedis(server.url, { role: 'producer', name: 'courier-test-admin' });
  await waitReady(admin);
  // A bot whose Redis user may read every key but write only the outbox of `home`: Redis
  // refuses the job, deterministically, while it takes the pending message.
  const notify = `potion:${queueName('notify', config.hostId)}:*`;
  await admin.call('ACL', 'SETUSER', 'outbox-only', 'on', `>${PASSWORD}`, `~${notify}`, '%R~*', '+@all');
  const url = new URL(server.url);
  url.username = 'outbox-only';
  url.password = PASSWORD;
  redis = createRedis(url.toString(), { role: 'producer', name: 'courier-test' });
  await waitReady(redis);
  producer = new Producer({ connection: redis, hostId: config.hostId });
  look = new Producer({ connection: admin, hostId: config.hostId });
  const log = createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false });
  const deps: BotDeps = { config, log, producer, redis, audit: new AuditLog(config.logDir), now: Date.now, tokens: new ConfirmTokens(redis) };
  bot = await startStatusBot(deps, fake.apiRoot, ADMIN);
});
after(async () => {
  await producer?.close();
  await look?.close();
  redis?.disconnect();
  admin?.disconnect();
  await fake?.stop();
  await server?.stop();
});

test('a job Redis will not queue is never announced: no pending message in the outbox, the user reads that the queue is down', async () => {
  const mark = fake.calls.length;
  const chat = { id: ADMIN, type: 'private' as const, first_name: 'Tester' };
  const message = { message_id: 1, date: Math.floor(Date.now() / 1000), chat, from: { id: ADMIN, is_bot: false, first_name: 'Tester' }, text: '/status', entities: [{ type: 'bot_command' as const, offset: 0, length: 7 }] };
  await bot.handleUpdate({ update_id: 77, message });
  const outbox = look.queue('notify');
  assert.equal(await outbox.getJob('pend-77'), undefined, 'the pending message was queued for a job that is not');
  assert.equal(await look.queue('read').getJob('tg-77'), undefined);
  const said = fake.calls.slice(mark).filter((c) => c.method === 'sendMessage').map((c) => c.text);
  const queued = (await outbox.getJobs(['waiting', 'delayed', 'prioritized', 'active'])).map((j) => (j.data as { payload: { text: string } }).payload.text);
  // What reaches the chat: nothing "in progress", only the answer that the queue is down.
  assert.ok(![...said, ...queued].includes(texts.PROCESSING), 'the user would be told the job is running');
  assert.deepEqual(said, [htmlToText(String(texts.queueDown))]);
});
