import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hostKeys, keys, legacyHostKeys, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { migrateLegacyKeys, registerHost } from '@potion/worker';

let server: TestRedis;
let redis: Redis;
const log = createLogger({ name: 'worker', logDir: undefined, level: 'silent', stdout: false });
const old = legacyHostKeys.key;
before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url, { role: 'worker', name: 'migrate-test' });
  await waitReady(redis);
});
after(async () => {
  redis?.disconnect();
  await server?.stop();
});

test('an install from before per-host keys keeps its settings, last backup, open alerts, mutes and history under its host', async () => {
  await redis.flushall();
  // The keys an older worker wrote, as it wrote them.
  await redis.hset(old('settings'), { 'backup.time': '04:15', 'alert.temp': 'off' });
  await redis.set(old('backup:last-ok'), '{"startedAt":1}');
  await redis.sadd(old('alerts:open'), 'cpu');
  await redis.hset(old('alert:cpu'), { id: 'cpu', status: 'firing' });
  await redis.set(old('mute:cpu'), '99', 'PX', 600_000);
  await redis.zadd(old('mutes'), 99, 'cpu');
  await redis.rpush(old('sample:history'), '{"at":1}', '{"at":0}');
  await redis.set(old('smart:sda'), '{"at":1}');
  await redis.set(old('outcome:once@home:7'), 'ok', 'EX', 3600);
  await redis.hset(old('proc:worker'), { pid: '1' });
  // The Redis-empty marker: moved too, or the upgraded worker would report Redis as lost.
  await redis.set(old('marker'), '{"id":"m1"}');
  // Shared keys stay where they are.
  await redis.hset(keys.proc('bot'), { pid: '2' });
  await redis.set(keys.confirm('t1'), '{}');
  // This host already has a settings hash (a newer worker ran once): it is not overwritten.
  const hk = hostKeys('home');
  await redis.hset(hk.settings, { 'backup.time': '02:00' });

  const moved = await migrateLegacyKeys({ redis, hostId: 'home', log, now: () => 1000 });

  assert.equal(moved, 10, 'every legacy key but the settings the host already had');
  assert.deepEqual(await redis.hgetall(hk.settings), { 'backup.time': '02:00' }, 'RENAMENX never overwrites');
  assert.equal(await redis.exists(old('settings')), 1, 'the legacy settings are left, not lost');
  assert.equal(await redis.get(hk.backupLastOk), '{"startedAt":1}');
  assert.deepEqual(await redis.smembers(hk.alertsOpen), ['cpu']);
  assert.deepEqual(await redis.hgetall(hk.alert('cpu')), { id: 'cpu', status: 'firing' });
  assert.equal(await redis.get(hk.mute('cpu')), '99');
  assert.ok((await redis.pttl(hk.mute('cpu'))) > 0, 'a mute keeps its expiry');
  assert.deepEqual(await redis.zrange(hk.mutesActive, 0, -1), ['cpu']);
  assert.deepEqual(await redis.lrange(hk.sampleHistory, 0, -1), ['{"at":1}', '{"at":0}']);
  assert.equal(await redis.get(hk.smart('/dev/sda')), '{"at":1}');
  assert.equal(await redis.get(hk.jobOutcome('once@home', '7')), 'ok');
  assert.ok((await redis.ttl(hk.jobOutcome('once@home', '7'))) > 0, 'an outcome keeps its expiry');
  assert.deepEqual(await redis.hgetall(hk.proc('worker')), { pid: '1' });
  assert.equal(await redis.get(hk.marker), '{"id":"m1"}');
  assert.deepEqual(await redis.hgetall(keys.proc('bot')), { pid: '2' }, 'the bot’s process hash is shared, not moved');
  assert.equal(await redis.get(keys.confirm('t1')), '{}');
  for (const k of [old('backup:last-ok'), old('alerts:open'), old('alert:cpu'), old('mute:cpu'), old('sample:history'), old('smart:sda')]) {
    assert.equal(await redis.exists(k), 0, `${k} moved`);
  }
  // Every key of the host answers to one pattern, the one a per-host ACL is written with.
  const [, hostOnly] = await redis.scan('0', 'MATCH', 'potion:*@home:*', 'COUNT', 1000);
  assert.ok(hostOnly.includes(hk.alert('cpu')) && hostOnly.includes(hk.settings));
});

test('the move happens once: a legacy key written after it stays where it is', async () => {
  await redis.flushall();
  await redis.set(old('heartbeat'), '1');
  assert.equal(await migrateLegacyKeys({ redis, hostId: 'home', log, now: () => 1000 }), 1);
  await redis.set(old('heartbeat'), '2');
  assert.equal(await migrateLegacyKeys({ redis, hostId: 'home', log, now: () => 2000 }), 0);
  assert.equal(await redis.get(hostKeys('home').heartbeat), '1');
  assert.equal(await redis.get(hostKeys('home').legacyMigrated), '1000');
});

test('the main worker registers its host once: a restart keeps the first addedAt', async () => {
  await redis.flushall();
  await registerHost({ redis, hostId: 'home', now: () => 1000 });
  await registerHost({ redis, hostId: 'home', now: () => 5000 });
  assert.deepEqual(await redis.hgetall(keys.hosts), { home: JSON.stringify({ name: 'home', addedAt: 1000 }) });
});
