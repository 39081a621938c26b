import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostKeys, keys, openQueue, Producer, queueName, readHostLists } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { testConfig, waitFor } from '@potion/testkit';
import { startWorkerApp } from '@potion/worker';
import { joinSecretOf, startAclWorld } from '../harness/acl-redis.js';

// Issue 18: a joined host's worker starts as its own ACL user (`worker-<id>`, decision 043),
// which may touch only its own queues and keys: nothing at start may need a key of the main
// host or a shared one (the registry of hosts, the global keys of an install from before
// per-host keys).

test('a joined host (HOST_ROLE=joined) starts its worker as worker-<id> and runs the jobs main queues for it', async (t) => {
  const w = await startAclWorld();
  t.after(() => w.stop());
  const added = w.hosts('add', 'pi');
  assert.equal(added.code, 0, added.all);
  const { body } = joinSecretOf(added.stdout);
  const config = testConfig({ HOST_ID: 'pi', HOST_ROLE: 'joined' });
  const app = await startWorkerApp({
    config,
    log: createLogger({ name: 'worker', logDir: undefined, level: 'fatal' }),
    redisUrl: `redis://${body.user}:${body.password}@127.0.0.1:${w.port}`,
    schedules: false,
  });
  t.after(() => app.stop());
  // The main machine's side (the bot's producer) queues a job for pi.
  const producer = new Producer({ connection: w.admin, hostId: 'pi' });
  t.after(() => producer.close());
  const id = await producer.enqueue('health.heartbeat', {}, { requestId: 'joined-1', by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() });
  const queue = openQueue(queueName('read', 'pi'), { connection: w.admin });
  t.after(() => queue.close());
  const ended = (jobId: string) =>
    waitFor(`job ${jobId} to end`, async () => {
      const s = await (await queue.getJob(jobId))?.getState();
      if (s !== 'completed' && s !== 'failed') return undefined;
      // Read again once it ended: a job read while still active has no return value yet.
      const job = await queue.getJob(jobId);
      return { state: s, failedReason: job?.failedReason, returnvalue: job?.returnvalue as unknown };
    }, 20_000, 50);
  assert.deepEqual((await ended(id)).state, 'completed');
  assert.match((await w.admin.get(hostKeys('pi').heartbeat)) ?? '', /^\d+$/, "pi's heartbeat key, read on the main machine's side");
  // What pi allows, for the bot's menus of pi: written as worker-pi, under pi's own keys.
  const lists = await readHostLists(w.admin, 'pi');
  assert.ok(lists.ok, JSON.stringify(lists));
  assert.deepEqual(lists.lists.services, config.servicesWhitelist);
  // pi did not write the shared registry: `potion hosts add` put it there, with its own addedAt.
  assert.deepEqual(Object.keys(await w.admin.hgetall(keys.hosts)), ['pi']);
  // ⚙️ Settings → About on pi: its own worker only (the bot and the dashboard run on main).
  const about = await ended(await producer.enqueue('settings.about', {}, { requestId: 'joined-2', by: { kind: 'system', name: 'test' }, enqueuedAt: Date.now() }));
  assert.equal(about.state, 'completed', about.failedReason);
  assert.deepEqual((about.returnvalue as { processes: { name: string }[] }).processes.map((p) => p.name), ['worker']);
});
