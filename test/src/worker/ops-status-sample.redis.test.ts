import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hostKeys, type HostSample } from '@potion/jobs';
import { syntheticHistory } from '@potion/worker';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// 📊 Status from the sampler's newest sample (issue 20): a press runs no command while the
// sample is fresh, takes a new one when it is stale, and reads the disk-full forecast that
// the sampler stored with the history instead of the whole history.

let h: OpsHarness;
before(async () => {
  h = await startOps();
  h.standins.unit('n8n.service', 'active running');
  h.standins.unit('cloudflared.service', 'failed failed');
});
after(async () => {
  await h?.stop();
});

const systemctlShows = () => h.standins.calls('systemctl').filter((c) => c.startsWith('show')).length;
const storedAt = async () => (JSON.parse((await h.keys.get(hostKeys(h.config.hostId).sampleLatest))!) as HostSample).at;

test('with a fresh sample a press runs no command: the units come from the sample', async () => {
  await h.ask('health.sample', {});
  const before = h.standins.calls('systemctl').length;
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /^📊 Status server\n/);
  assert.match(msg.text, /✅ n8n\.service: active/);
  assert.match(msg.text, /❌ cloudflared\.service: failed/);
  assert.equal(h.standins.calls('systemctl').length, before, 'no systemctl call on the press');
});

test('a sample older than two sampling intervals is taken again, with one systemctl call', async () => {
  const old = JSON.parse((await h.keys.get(hostKeys(h.config.hostId).sampleLatest))!) as HostSample;
  const staleAt = Date.now() - 2.5 * h.config.sampleIntervalMs;
  await h.keys.set(hostKeys(h.config.hostId).sampleLatest, JSON.stringify({ ...old, at: staleAt }));
  const before = systemctlShows();
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /✅ n8n\.service: active/);
  assert.ok((await storedAt()) > staleAt, 'the new sample is stored');
  assert.equal(systemctlShows() - before, 1, 'one `systemctl show` for the sample and the answer');
});

test('after a restart from the bot the next Status shows the unit as it is now', async () => {
  const msg = await h.ask('service.restart', { unit: 'cloudflared.service' });
  assert.match(msg.text, /sudah di-restart/);
  const status = await h.ask('status.summary', {});
  assert.match(status.text, /✅ cloudflared\.service: active/);
});

test('the disk-full forecast is stored with each new history entry and shown from there', async () => {
  // 24 h of HDD history, one sample a minute, filling ~4% a day from 60%.
  const end = Date.now() - 60_000;
  const rising = syntheticHistory(1439, end, 60_000).map((x, i): HostSample => ({
    ...x,
    disks: [{ mount: h.config.hddMount, mounted: true, sizeBytes: 500e9, usedBytes: 300e9, usePercent: 64 - (4 * i) / 1440 }],
  }));
  await h.keys.del(hostKeys(h.config.hostId).sampleHistory, hostKeys(h.config.hostId).sampleForecast);
  await h.keys.rpush(hostKeys(h.config.hostId).sampleHistory, ...rising.map((x) => JSON.stringify(x)));
  await h.ask('health.sample', {});
  const sample = JSON.parse((await h.keys.get(hostKeys(h.config.hostId).sampleLatest))!) as HostSample;
  const stored = JSON.parse((await h.keys.get(hostKeys(h.config.hostId).sampleForecast)) ?? 'null') as { headAt: number; forecasts: Array<{ mount: string }> } | null;
  assert.ok(stored, 'the forecast is stored with the new history entry');
  assert.equal(stored.headAt, sample.at);
  assert.deepEqual(stored.forecasts.map((f) => f.mount), [h.config.hddMount]);
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /⏳ HDD \(.+\) penuh dalam ~9 hari kalau terus begini \(naik ~4%\/hari\)\. Hapus snapshot lama/);
});

test('a history replaced by someone else is read again for the forecast', async () => {
  const flat = syntheticHistory(1440, Date.now(), 60_000).map((x): HostSample => ({ ...x, disks: [{ mount: h.config.hddMount, mounted: true, sizeBytes: 500e9, usedBytes: 200e9, usePercent: 40 }] }));
  await h.keys.del(hostKeys(h.config.hostId).sampleHistory);
  await h.keys.rpush(hostKeys(h.config.hostId).sampleHistory, ...flat.map((x) => JSON.stringify(x)));
  const msg = await h.ask('status.summary', {});
  assert.doesNotMatch(msg.text, /penuh dalam/);
});
