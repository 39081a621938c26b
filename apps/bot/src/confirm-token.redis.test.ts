import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keys, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import { startTestRedis, waitFor, type TestRedis } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { ConfirmTokens } from './confirm-token.js';

let server: TestRedis;
let redis: Redis;
before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url, { role: 'producer', name: 'confirm-test' });
  await waitReady(redis);
});
after(async () => {
  redis?.disconnect();
  await server?.stop();
});

const action = (userId: number) => ({ userId, chatId: userId, job: 'service.restart' as const, payload: { unit: 'n8n.service' }, label: 'me-restart n8n.service' });

test('a token is opaque, works once, and only for the user it was made for', async () => {
  const tokens = new ConfirmTokens(redis);
  const t = await tokens.create(action(1));
  assert.match(t, /^[A-Za-z0-9_-]{16}$/);
  assert.doesNotMatch(t, /n8n|restart/);
  assert.deepEqual(await tokens.take(t, 2), { ok: false, reason: 'not-yours' });
  const first = await tokens.take(t, 1);
  assert.equal(first.ok, true);
  assert.deepEqual(await tokens.take(t, 1), { ok: false, reason: 'gone' });
});

test('two presses racing on one token: exactly one wins', async () => {
  const tokens = new ConfirmTokens(redis);
  const t = await tokens.create(action(3));
  const results = await Promise.all(Array.from({ length: 10 }, () => tokens.take(t, 3)));
  assert.equal(results.filter((r) => r.ok).length, 1);
});

test('a typed YA finds the newest token of that user only, and not after it was used', async () => {
  const tokens = new ConfirmTokens(redis);
  await tokens.create(action(4));
  const newest = await tokens.create(action(4));
  assert.equal(await tokens.latestOf(4), newest);
  assert.equal(await tokens.latestOf(5), undefined);
  await tokens.take(newest, 4);
  assert.equal(await tokens.latestOf(4), undefined);
});

test('an expired token is gone', async () => {
  const tokens = new ConfirmTokens(redis, 1);
  const t = await tokens.create(action(6));
  await waitFor('the token to expire', async () => (await redis.exists(keys.confirm(t))) === 0, 5000, 100);
  assert.deepEqual(await tokens.take(t, 6), { ok: false, reason: 'gone' });
});

test('forged tokens are gone without touching Redis keys outside the confirm space', async () => {
  const tokens = new ConfirmTokens(redis);
  for (const forged of ['', 'AAAAAAAAAAAAAAAA', '../../potion:marker', 'x'.repeat(60)]) {
    assert.deepEqual(await tokens.take(forged, 1), { ok: false, reason: 'gone' });
  }
});
