import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hostKeys, queueName } from '@potion/jobs';
import type { PowerMarker } from '@potion/worker';
import { ADMIN, startOps, type OpsHarness } from '../harness/ops-harness.js';

/**
 * The asking chat is remembered in the power marker and told too. A group can no longer ask
 * (issue 15 finding 5: host actions only in a private chat), so the asker is an admin in their
 * private chat, and the other admin hears it as well.
 */
const ASKER = ADMIN;
const OTHER_ADMIN = 3003;
/** The machine booted an hour before the test; a real reboot gets a new boot time. */
const FIRST_BOOT = Date.now() - 3600_000;

let h: OpsHarness;
before(async () => {
  h = await startOps({ env: { ADMIN_IDS: `${ADMIN},${OTHER_ADMIN}` }, bootTime: () => FIRST_BOOT });
});
after(async () => {
  await h.stop();
});

const markerFile = () => join(h.config.dataDir, 'planned-power.json');
const readMarker = () => JSON.parse(readFileSync(markerFile(), 'utf8')) as PowerMarker;
async function notifyIds(prefix: string): Promise<string[]> {
  const jobs = await h.producer.queue('notify').getJobs(['waiting', 'delayed', 'completed', 'failed', 'active', 'prioritized']);
  return jobs.map((j) => j.id ?? '').filter((id) => id.startsWith(prefix)).sort();
}
const interruptedReported = (jobId: string) => h.keys.sismember(hostKeys(h.config.hostId).interruptedReported, hostKeys(h.config.hostId).interruptedMember(queueName('once', h.config.hostId), jobId));

test('a reboot that did not take effect is reported to every admin once', async () => {
  const { jobId } = await h.askJob('host.reboot', {}, { chatId: ASKER });
  const m = readMarker();
  assert.equal(m.chatId, ASKER);
  // systemctl "succeeded" but the machine stayed up: only the worker restarts, in the same boot.
  await h.restartWorker(() => FIRST_BOOT);
  const asker = await h.outbox(`power-back.${m.requestId}.${ASKER}`);
  assert.match(asker.text, /^⚠️ Perintah reboot pukul \d\d\/\d\d \d\d:\d\d sepertinya tidak terjadi: server tidak sempat mati/);
  assert.equal((await h.outbox(`power-back.${m.requestId}.${OTHER_ADMIN}`)).text, asker.text);
  assert.equal((await notifyIds(`power-back.${m.requestId}.`)).length, 2, 'one message per admin, the asker included once');
  assert.equal(await interruptedReported(jobId), 1, 'the reboot job is not reported as interrupted');
  assert.equal(existsSync(markerFile()), false, 'the marker is used once');
  await h.restartWorker(() => FIRST_BOOT);
  assert.equal((await notifyIds(`power-back.${m.requestId}.`)).length, 2, 'a later restart says nothing more');
});

test('after a reboot every admin hears "sudah nyala lagi" once', async () => {
  const { jobId } = await h.askJob('host.reboot', {}, { chatId: ASKER });
  const m = readMarker();
  const secondBoot = Date.now();
  await h.restartWorker(() => secondBoot);
  const asker = await h.outbox(`power-back.${m.requestId}.${ASKER}`);
  assert.match(asker.text, /^🟢 Server sudah nyala lagi setelah reboot terencana \(diminta tg:1001\) pukul \d\d:\d\d\. Mati sekitar \d+ detik\./);
  assert.equal((await h.outbox(`power-back.${m.requestId}.${OTHER_ADMIN}`)).text, asker.text);
  assert.deepEqual(await notifyIds(`power-back.${m.requestId}.`), [`power-back.${m.requestId}.${ADMIN}`, `power-back.${m.requestId}.${OTHER_ADMIN}`].sort());
  assert.deepEqual(await notifyIds('boot.'), [], 'a planned reboot is not also reported as an unplanned one');
  assert.equal(await interruptedReported(jobId), 1);
  assert.equal(existsSync(markerFile()), false);

  // The worker crashed after the notices were queued but before the marker was removed:
  // the next start in the same boot finds the marker again and sends nothing twice.
  writeFileSync(markerFile(), JSON.stringify(m));
  await h.restartWorker(() => secondBoot);
  assert.equal((await notifyIds(`power-back.${m.requestId}.`)).length, 2);
  assert.deepEqual(await notifyIds('boot.'), []);
  assert.equal(existsSync(markerFile()), false, 'the leftover marker is dropped');
});
