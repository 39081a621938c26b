import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { checkEvictionPolicy, checkMarker, hostKeys, waitReady } from '@potion/jobs';
import { createRedis, RedisSetupError } from '@potion/platform';

describe('redis guard (real Redis)', () => {
  let redis: TestRedis;
  let conn: Redis;
  before(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, { role: 'worker', name: 'test' });
    await waitReady(conn);
  });
  after(async () => {
    conn.disconnect();
    await redis.stop();
  });

  it('accepts noeviction and refuses a Redis that may evict queued jobs, naming the fix', async () => {
    await checkEvictionPolicy(conn);
    await conn.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await assert.rejects(checkEvictionPolicy(conn), (e: unknown) => e instanceof RedisSetupError && /allkeys-lru/.test(e.message) && /noeviction/.test(e.fix));
    await conn.config('SET', 'maxmemory-policy', 'noeviction');
  });

  it('notices a Redis that came back empty instead of silently starting over', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'potion-marker-')), 'redis-marker.json');
    const first = await checkMarker(conn, file, { key: hostKeys('home').marker });
    assert.equal(first.state, 'new');
    const again = await checkMarker(conn, file, { key: hostKeys('home').marker });
    assert.deepEqual(again, { state: 'ok', id: first.id });
    await conn.flushall();
    const lost = await checkMarker(conn, file, { key: hostKeys('home').marker });
    assert.equal(lost.state, 'lost');
    assert.equal(lost.state === 'lost' && lost.previousId, first.id);
    // Reported once: the new marker is remembered.
    assert.equal((await checkMarker(conn, file, { key: hostKeys('home').marker })).state, 'ok');
  });
});
