import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keys, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import type { Transformer } from 'grammy';
import type { Redis } from 'ioredis';
import { UpdateInbox } from './inbox.js';

// The inbox keeps what the bot took from Telegram until it is handled (docs/decisions/018).
// Telegram forgets a batch when the next getUpdates confirms it, so that is the moment the
// record must be in Redis; handling the batch need not wait for it (docs/decisions/054).
let server: TestRedis;
let redis: Redis;
let admin: Redis;

before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url, { role: 'producer', name: 'inbox-test' });
  admin = createRedis(server.url, { role: 'producer', name: 'inbox-test-admin' });
  await Promise.all([waitReady(redis), waitReady(admin)]);
});
after(async () => {
  redis?.disconnect();
  admin?.disconnect();
  await server?.stop();
});

type Prev = Parameters<Transformer>[0];
const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1001, type: 'private' }, from: { id: 1001, is_bot: false, first_name: 'T' }, text: '📊 Status' } });

test('a batch goes to the handlers while Redis records it; the next getUpdates (which confirms it to Telegram) waits for the record', async () => {
  const log = createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false });
  const record = new UpdateInbox(redis, log).recorder();
  const inboxAtNextPoll: Array<string | null> = [];
  const prev = (async (method: string, payload: { offset?: number }) => {
    assert.equal(method, 'getUpdates');
    if (payload.offset === 501) inboxAtNextPoll.push(await admin.hget(keys.botInbox, '500'));
    return { ok: true, result: payload.offset === 501 ? [] : [update(500)] };
  }) as unknown as Prev;

  // Redis holds every write (a slow disk, a busy Redis): reads still answer.
  await admin.call('CLIENT', 'PAUSE', '20000', 'WRITE');
  let unpaused = false;
  try {
    const first = await Promise.race([
      record(prev, 'getUpdates', { offset: 0 } as never),
      new Promise<'held'>((r) => setTimeout(() => r('held'), 5000).unref()),
    ]);
    assert.notEqual(first, 'held', 'the batch waited for Redis to record it before the handlers got it');
    assert.deepEqual((first as unknown as { result: Array<{ update_id: number }> }).result.map((u) => u.update_id), [500]);
    const next = record(prev, 'getUpdates', { offset: 501 } as never);
    assert.equal(await admin.hexists(keys.botInbox, '500'), 0, 'Redis holds the record while writes are paused');
    await admin.call('CLIENT', 'UNPAUSE');
    unpaused = true;
    await next;
    assert.equal(inboxAtNextPoll.length, 1);
    assert.ok(inboxAtNextPoll[0]?.includes('"update_id":500'), 'the batch was confirmed to Telegram before it was in the inbox');
  } finally {
    if (!unpaused) await admin.call('CLIENT', 'UNPAUSE');
  }
});
