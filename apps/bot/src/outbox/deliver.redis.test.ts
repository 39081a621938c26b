import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keys, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { FAKE_BOT_TOKEN, startFakeTelegram, startTestRedis, testConfig, type FakeTelegram, type TestRedis } from '@potion/testkit';
import { Api } from 'grammy';
import type { Redis } from 'ioredis';
import { TelegramLink } from '../link.js';
import { Deliverer } from './deliver.js';

let server: TestRedis;
let redis: Redis;
let fake: FakeTelegram;
before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url, { role: 'producer', name: 'deliver-test' });
  await waitReady(redis);
  fake = await startFakeTelegram();
});
after(async () => {
  redis?.disconnect();
  await server?.stop();
  await fake?.stop();
});

/** How often Redis ran a command since the last CONFIG RESETSTAT (INFO commandstats). */
async function calls(command: string): Promise<number> {
  const m = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(await redis.info('commandstats'));
  return m ? Number(m[1]) : 0;
}

test('a one-step answer (the Status edit) is recorded with its done mark in one transaction', async () => {
  const config = testConfig({ TELEGRAM_API_ROOT: fake.apiRoot });
  const api = new Api(FAKE_BOT_TOKEN, { apiRoot: fake.apiRoot });
  const deliverer = new Deliverer({
    api,
    redis,
    config,
    log: createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false }),
    link: new TelegramLink(60_000),
    now: Date.now,
  });
  const pending = (await api.sendMessage(1001, 'Oke, lagi aku cek dulu', { parse_mode: 'HTML' })).message_id;
  await redis.config('RESETSTAT');
  const r = await deliverer.deliver({ chatId: 1001, editMessageId: pending, text: '📊 Status server', kind: 'result', createdAt: Date.now() }, 'res.read@x.tg-1', 'u1', new AbortController().signal);
  assert.equal(r.messageId, pending);
  assert.equal(fake.calls.filter((c) => c.method === 'editMessageText' && c.text === '📊 Status server').length, 1);
  assert.deepEqual(Object.keys(await redis.hgetall(keys.sent('res.read@x.tg-1'))).sort(), ['0', 'done']);
  assert.equal(await calls('multi'), 1, 'one transaction after the call');
  // Delivered again (a retried job): nothing is sent twice.
  const again = await deliverer.deliver({ chatId: 1001, editMessageId: pending, text: '📊 Status server', kind: 'result', createdAt: Date.now() }, 'res.read@x.tg-1', 'u1', new AbortController().signal);
  assert.equal(again.skipped, 'already sent');
});
