import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULLMQ_PREFIX } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { run } from '../harness/deploy-helpers.js';
import { joinSecretOf, readAcl, startAclWorld, type AclWorld } from '../harness/acl-redis.js';

// Issue 18 "Boundaries": a joined host's worker user, written into a real ACL file by
// `potion hosts add` and loaded by a real redis-server, may use its own queues and keys only.
// Every refusal is Redis's own ACL check (NOPERM), not a reading of the config.

let w: AclWorld;
let b: { user: string; password: string };
let aJob: string;
const opened: { close: () => Promise<unknown> }[] = [];

before(async () => {
  w = await startAclWorld();
  const added = w.hosts('add', 'b', '--redis', '100.101.102.103:6379');
  assert.equal(added.code, 0, added.all);
  const { body } = joinSecretOf(added.stdout);
  b = { user: body.user, password: body.password };
  // Host a's queue and keys, as the main machine's bot and worker would have them.
  const readA = new Queue('read@a', { connection: w.admin, prefix: BULLMQ_PREFIX });
  opened.push(readA);
  aJob = (await readA.add('health.sample', { secret: 'of a' }, { jobId: 'sample-1' })).id!;
  await w.admin.set(`${BULLMQ_PREFIX}:host@a:sample:latest`, '{"cpu":1}');
});

after(async () => {
  for (const o of opened) await o.close();
  await w.stop();
});

const queueAs = (conn: Redis, name: string) => {
  const q = new Queue(name, { connection: conn, prefix: BULLMQ_PREFIX });
  opened.push(q);
  return q;
};

test('a real BullMQ worker logged in as worker-b runs a job of read@b and adds its message to notify@b', async () => {
  const conn = w.connectAs(b.user, b.password);
  assert.equal(await conn.call('ACL', 'WHOAMI').catch((e: Error) => e.message), `NOPERM this user has no permissions to run the 'acl|whoami' command`);
  const notifyB = queueAs(conn, 'notify@b');
  const seen: string[] = [];
  const worker = new Worker(
    'read@b',
    async (job) => {
      seen.push(job.name);
      await notifyB.add('telegram.send', { text: `done ${String((job.data as { n: number }).n)}` });
      return 'ok';
    },
    { connection: w.connectAs(b.user, b.password), prefix: BULLMQ_PREFIX, concurrency: 1 },
  );
  const errors: string[] = [];
  worker.on('error', (err) => errors.push(err.message));
  opened.push(worker);
  const readB = queueAs(w.admin, 'read@b');
  const job = await readB.add('health.sample', { n: 7 });
  await waitFor('the job to complete', async () => (await readB.getJobState(job.id!)) === 'completed', 15_000);
  assert.deepEqual(seen, ['health.sample']);
  const sent = await queueAs(w.admin, 'notify@b').getJobs(['waiting']);
  assert.deepEqual(sent.map((j) => j.data), [{ text: 'done 7' }]);
  assert.deepEqual(errors, [], 'the worker met no ACL refusal while running');
  const denied = (await w.admin.call('ACL', 'LOG')) as unknown[];
  assert.equal(denied.filter((e) => JSON.stringify(e).includes('worker-b')).length, 1, `only the ACL WHOAMI above was refused: ${JSON.stringify(denied)}`);
});

test('as worker-b: host a queues and keys, KEYS, ACL and CONFIG each get NOPERM from Redis', async () => {
  const conn = w.connectAs(b.user, b.password);
  // Redis words a refusal inside a script differently, but it is the same ACL check.
  const nopermOf = async (what: string, p: Promise<unknown>, want = /^NOPERM /): Promise<string> => {
    const got = await p.then(
      (v) => `answered ${JSON.stringify(v)}`,
      (e: Error) => e.message,
    );
    assert.match(got, want, `${what}: ${got}`);
    return got;
  };
  await nopermOf('add to once@a', queueAs(conn, 'once@a').add('host.reboot', {}));
  assert.equal(await queueAs(w.admin, 'once@a').count(), 0, 'nothing was added to host a');
  await nopermOf('read host a sample', conn.get(`${BULLMQ_PREFIX}:host@a:sample:latest`));
  await nopermOf('read a job of read@a', conn.hgetall(`${BULLMQ_PREFIX}:read@a:${aJob}`));
  await nopermOf('read a job of read@a through BullMQ', queueAs(conn, 'read@a').getJob(aJob));
  await nopermOf('a script reading another key', conn.eval(`return redis.call('GET', '${BULLMQ_PREFIX}:host@a:sample:latest')`, 0), /^ERR The user executing the script can't access at least one of the keys/);
  await nopermOf('a script naming another key', conn.eval(`return redis.call('GET', KEYS[1])`, 1, `${BULLMQ_PREFIX}:host@a:sample:latest`));
  await nopermOf('a job id with @b does not open host a', conn.get(`${BULLMQ_PREFIX}:read@a:x@b:lock`));
  await nopermOf('KEYS *', conn.keys('*'));
  await nopermOf('SCAN (would list host a key names)', conn.scan('0', 'COUNT', 1000));
  await nopermOf('ACL LIST', conn.call('ACL', 'LIST'));
  await nopermOf('CONFIG GET', conn.call('CONFIG', 'GET', 'maxmemory-policy'));
  await nopermOf('FLUSHALL', conn.flushall());
  await nopermOf('SCRIPT FLUSH', conn.call('SCRIPT', 'FLUSH'));
  await nopermOf('CLIENT LIST', conn.call('CLIENT', 'LIST'));
  await nopermOf('SHUTDOWN', conn.call('SHUTDOWN', 'NOSAVE'));
  await nopermOf('PUBLISH', conn.publish('potion:events', 'x'));
  assert.equal(await w.admin.get(`${BULLMQ_PREFIX}:host@a:sample:latest`), '{"cpu":1}');
  assert.equal(await conn.set(`${BULLMQ_PREFIX}:host@b:sample:latest`, '{"cpu":2}'), 'OK', 'its own keys are open');
});

test('hosts add wrote the ACL user, a 600 proof key and the hosts hash; list shows it; remove takes the user and the key away', async () => {
  assert.match(readAcl(w), /^user worker-b reset on #[0-9a-f]{64} ~potion:read@b:\* ~potion:once@b:\* ~potion:backup@b:\* ~potion:notify@b:\* ~potion:host@b:\* resetchannels -@all /m);
  assert.doesNotMatch(readAcl(w), new RegExp(b.password), 'the plain password is not in the ACL file');
  const keyFile = join(w.dataDir, 'keys', 'hosts', 'b.key');
  assert.equal((statSync(keyFile).mode & 0o777).toString(8), '600');
  const { body } = joinSecretOf(w.hosts('add', 'c').stdout);
  assert.equal(readFileSync(join(w.dataDir, 'keys', 'hosts', 'c.key'), 'utf8').trim(), body.proofKey);
  assert.equal(body.redis, undefined, 'no --redis: the installer asks for the address');
  assert.deepEqual(Object.keys(await w.admin.hgetall(`${BULLMQ_PREFIX}:hosts`)).sort(), ['b', 'c']);

  const again = w.hosts('add', 'b');
  assert.equal(again.code, 1);
  assert.match(again.stdout, /Host "b" sudah terdaftar\. Mau bikin rahasia baru\? Hapus dulu: sudo potion hosts remove b/);
  for (const bad of ['B', '-x', 'x'.repeat(32), '../etc']) {
    const r = w.hosts('add', '--', bad);
    assert.equal(r.code, 64, bad);
    assert.match(r.stdout, /nggak bisa dipakai: huruf kecil, angka dan "-" saja/, bad);
  }
  assert.match(w.hosts('add', 'home').stdout, /"home" itu nama mesin ini sendiri \(HOST_ID\)/);

  const list = w.hosts('list');
  assert.equal(list.code, 0, list.all);
  assert.match(list.stdout, /^- b: ditambahkan .+$/m);
  assert.match(list.stdout, /^- c: ditambahkan .+$/m);

  const live = w.connectAs(b.user, b.password);
  assert.equal(await live.ping(), 'PONG');
  const removed = w.hosts('remove', 'b');
  assert.equal(removed.code, 0, removed.all);
  assert.match(removed.stdout, /Host "b" dihapus\.\n- User Redis worker-b dihapus \(koneksinya yang masih nyambung diputus\)\n- Kunci bukti job-nya dihapus/);
  assert.doesNotMatch(readAcl(w), /worker-b/);
  assert.match(readAcl(w), /^user worker-c /m, 'the other host stays');
  assert.equal(existsSync(keyFile), false);
  assert.equal(await w.admin.hexists(`${BULLMQ_PREFIX}:hosts`, 'b'), 0);
  const login = run('redis-cli', ['--no-auth-warning', '--user', b.user, '--pass', b.password, '-p', String(w.port), 'ping']);
  assert.match(login.stderr, /^AUTH failed: WRONGPASS/m, `worker-b cannot log in any more: ${login.all}`);
  await waitFor('the connection worker-b still had to be closed', async () => (await live.ping().catch(() => 'closed')) === 'closed', 5000);
  assert.match(w.hosts('remove', 'b').stdout, /Host "b" nggak ada/);
  assert.equal(await w.admin.ping(), 'PONG', 'adding and removing hosts never dropped the app user (it does not reconnect here)');
});
