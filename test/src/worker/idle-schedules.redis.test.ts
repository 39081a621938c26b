import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadProofKey, Producer } from '@potion/jobs';
import { installSchedules } from '@potion/worker';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

// An idle worker pays a BullMQ round for every scheduled job (docs/decisions/056): the mute
// ends ride on the host sample and the journal's fallback read lives in the follower, so
// neither has a scheduler of its own unless the samples are too far apart for it.
let h: AlertHarness;
let producer: Producer;
before(async () => {
  h = await startAlertHarness();
  producer = new Producer({ connection: h.conn, hostId: h.cfg.hostId, signer: () => loadProofKey(h.cfg.dataDir) });
});
after(async () => h?.stop());

const schedulerIds = async () => (await producer.queue('read').getJobSchedulers()).map((s) => s.key).sort();

test('with the default 30 s samples: no health.muteEnds and no health.events scheduler, and those of an older version are removed', async () => {
  // What an older worker left in Redis.
  await producer.queue('read').upsertJobScheduler('health.muteEnds', { every: 60_000 }, { name: 'health.muteEnds', data: {} });
  await producer.queue('read').upsertJobScheduler('health.events', { every: 60_000 }, { name: 'health.events', data: {} });
  const ids = await installSchedules(producer, h.cfg, () => h.clock.now);
  assert.ok(!ids.includes('health.muteEnds') && !ids.includes('health.events'), ids.join(','));
  const now = await schedulerIds();
  assert.ok(now.includes('health.sample'), now.join(','));
  assert.ok(!now.includes('health.muteEnds'), now.join(','));
  assert.ok(!now.includes('health.events'), now.join(','));
});

test('samples further apart than a minute: the mute ends keep their minute scheduler', async () => {
  await installSchedules(producer, { ...h.cfg, sampleIntervalMs: 120_000 }, () => h.clock.now);
  const s = await producer.queue('read').getJobScheduler('health.muteEnds');
  assert.equal(s?.name, 'health.muteEnds');
  assert.equal(Number(s?.every), 60_000);
});

test('a worker without a journal follower keeps the minute read as a scheduled job', async () => {
  await installSchedules(producer, h.cfg, () => h.clock.now, {}, { journalFollowed: false });
  const s = await producer.queue('read').getJobScheduler('health.events');
  assert.equal(s?.name, 'health.events');
  assert.equal(Number(s?.every), 60_000);
});
