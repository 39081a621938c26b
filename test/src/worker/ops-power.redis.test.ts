import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hostKeys, queueName, type OutboxMessage } from '@potion/jobs';
import { ADMIN, startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

let h: OpsHarness;
before(async () => {
  h = await startOps({ env: { ADMIN_IDS: `${ADMIN},3003` } });
});
after(async () => {
  await h.stop();
});

const marker = () => join(h.config.dataDir, 'planned-power.json');
async function notifyIds(prefix: string): Promise<string[]> {
  const jobs = await h.producer.queue('notify').getJobs(['waiting', 'delayed', 'completed', 'failed', 'active']);
  return jobs.map((j) => j.id ?? '').filter((id) => id.startsWith(prefix)).sort();
}

test('reboot is announced to every admin first, then asked of systemd through sudo -n, and leaves a marker', async () => {
  const msg = await h.ask('host.reboot', {});
  assert.equal(msg.text, '🔁 Perintah reboot sudah dikirim. Server mati sebentar; aku kabari lagi begitu sudah nyala.');
  assert.deepEqual(h.standins.powerCalls(), ['reboot']);
  assert.equal(h.standins.calls('sudo').at(-1), '-n systemctl reboot');
  const ids = await notifyIds('power-announce.');
  assert.equal(ids.length, 2, 'one announcement per admin');
  const announce = (await h.outbox(ids[0]!)) as OutboxMessage;
  assert.match(announce.text, /^🔁 Server akan REBOOT sekarang \(diminta tg:1001\)/);
  assert.equal(announce.kind, 'alert');
  const m = JSON.parse(readFileSync(marker(), 'utf8')) as { action: string; by: string };
  assert.deepEqual([m.action, m.by], ['reboot', 'tg:1001']);
});

test('after the machine is back the admins hear "server sudah nyala lagi" with the downtime', async () => {
  const requestId = (await notifyIds('power-announce.'))[0]!.split('.')[1]!;
  const { jobId } = JSON.parse(readFileSync(marker(), 'utf8')) as { jobId: string };
  await h.restartWorker(() => Date.now());
  // The reboot job died with the machine: it must not be reported as "interrupted" too.
  assert.equal(await h.keys.sismember(hostKeys(h.config.hostId).interruptedReported, hostKeys(h.config.hostId).interruptedMember(queueName('once', h.config.hostId), jobId)), 1);
  const back = await h.outbox(`power-back.${requestId}.${ADMIN}`);
  // The one start-up check (boot-notice.ts) reports the planned reboot, one outbox id per chat.
  assert.match(back.text, /^🟢 Server sudah nyala lagi setelah reboot terencana \(diminta tg:1001\) pukul \d\d:\d\d\. Mati sekitar \d+ detik\./);
  await h.outbox(`power-back.${requestId}.3003`);
  assert.equal(existsSync(marker()), false, 'the marker is used once');
  // A second start has nothing more to say.
  await h.restartWorker(() => Date.now());
  assert.equal((await notifyIds('power-back.')).length, 2);
});

test('a reboot that did not happen (boot time older than the request) is reported honestly', async () => {
  await h.ask('host.reboot', {});
  const ids = await notifyIds('power-announce.');
  const requestId = ids.at(-1)!.split('.')[1]!;
  await h.restartWorker(() => 0);
  const msg = await h.outbox(`power-back.${requestId}.${ADMIN}`);
  assert.match(msg.text, /^⚠️ Perintah reboot pukul .* sepertinya tidak terjadi/);
});

test('shutdown uses systemctl poweroff', async () => {
  const msg = await h.ask('host.shutdown', {});
  assert.match(msg.text, /^⏻ Perintah shutdown sudah dikirim/);
  assert.equal(h.standins.powerCalls().at(-1), 'poweroff');
});

test('without the sudoers rule nothing goes down, the marker is removed and the rule is named', async () => {
  const before = h.standins.powerCalls().length;
  h.standins.denySudo(true);
  try {
    const msg = await h.ask('host.reboot', {});
    assert.match(msg.text, /izin sudo belum dipasang untuk "systemctl reboot"/);
  } finally {
    h.standins.denySudo(false);
  }
  assert.equal(h.standins.powerCalls().length, before);
  assert.equal(existsSync(marker()), false);
});

test('a viewer cannot reboot, and the refusal is audited', async () => {
  const before = h.standins.powerCalls().length;
  const msg = await h.ask('host.reboot', {}, { userId: VIEWER });
  assert.match(msg.text, /Maaf, kamu belum punya izin/);
  assert.equal(h.standins.powerCalls().length, before);
  const lines = readFileSync(join(h.config.logDir, 'actions.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; outcome: string; who: string });
  assert.ok(lines.some((l) => l.action === 'host.reboot' && l.outcome === 'refused' && l.who === `tg:${VIEWER}`));
  assert.ok(lines.some((l) => l.action === 'host.reboot' && l.outcome === 'started' && l.who === `tg:${ADMIN}`));
});
