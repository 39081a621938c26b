import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostKeys, dayTime, settingsFields } from '@potion/jobs';
import { BACKUP_SCHEDULER_ID } from '@potion/worker';
import { waitFor } from '@potion/testkit';
import { ADMIN, ADMIN2, auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Issue 21 item 6. Real worker and bot processes, a real Redis (AOF) killed with kill -9 and
// started again on an empty folder, the fake Bot API. The settings are made the way a user
// makes them: jobs from an admin (⚙️ Settings, ⏰ Jadwal, 🔕 mute).
describe('fault: Redis comes back empty after settings were made from the bot', { timeout: 90_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000', SAMPLE_INTERVAL_SEC: '1', TIMEZONE: 'Asia/Jakarta' } });
  });
  after(async () => {
    await s?.stop();
  });

  const sent = (from: number, chat: number, pattern: RegExp) =>
    s.fake.calls.filter((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === chat && c.status === 200 && pattern.test(String(c.text)));
  const done = async (queue: 'read' | 'once', id: string) =>
    waitFor(`job ${id} to complete`, async () => ((await s.producer.queue(queue).getJobState(id)) === 'completed' ? true : undefined), 15_000);

  it('the backup time, the alert toggles and a mute come back, the note says so in TIMEZONE, and the HDD alert is not sent again', async () => {
    // HDD_MOUNT of this stack is a plain folder: the HDD alert fires once it is switched on.
    await done('read', await s.producer.enqueue('settings.set', { family: 'hdd', enabled: true }, s.meta('set-hdd')));
    await done('read', await s.producer.enqueue('backup.schedule', { time: '04:15' }, s.meta('set-time')));
    await done('read', await s.producer.enqueue('health.mute', { alertId: 'cpu', minutes: 120 }, s.meta('mute-cpu')));
    for (const chat of [ADMIN, ADMIN2]) {
      await s.fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === chat && c.status === 200 && /^🚨 ⚠️ HDD/.test(String(c.text)), 15_000, `the HDD alert to ${chat}`);
    }
    const before = await s.conn.hgetall(hostKeys(s.config.hostId).settings);
    assert.equal(before['alert.hdd'], 'on');
    assert.equal(before[settingsFields.backupTime], '04:15');
    const muteUntil = Number(await s.conn.get(hostKeys(s.config.hostId).mute('cpu')));
    assert.ok(muteUntil > Date.now());
    const marker = JSON.parse(readFileSync(join(s.config.dataDir, 'redis-marker.json'), 'utf8')) as { createdAt: string };

    const from = s.fake.calls.length;
    await s.killRedis();
    rmSync(join(s.redis.dir, 'appendonlydir'), { recursive: true, force: true });
    await s.restartRedis();

    const notes = [];
    for (const chat of [ADMIN, ADMIN2]) {
      notes.push(
        await s.fake.waitForCall(
          (c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === chat && c.status === 200 && String(c.text).startsWith('⚠️ Database antrian (Redis) kembali dalam keadaan KOSONG'),
          20_000,
          `the empty-Redis note to ${chat}`,
        ),
      );
    }
    const note = String(notes[0]!.text);
    assert.ok(note.includes(dayTime(Date.parse(marker.createdAt), 'Asia/Jakarta')), `the time in TIMEZONE, as the bot writes times:\n${note}`);
    assert.doesNotMatch(note, /\d{4}-\d\d-\d\dT\d\d:\d\d/, 'no raw UTC timestamp');
    assert.match(note, /04:15/, 'the note names the restored backup time');

    // The settings are back, the daily backup runs at the chosen time again, the mute holds.
    await waitFor('the settings back in Redis', async () => ((await s.conn.hget(hostKeys(s.config.hostId).settings, settingsFields.backupTime)) === '04:15' ? true : undefined), 15_000);
    const restored = await s.conn.hgetall(hostKeys(s.config.hostId).settings);
    for (const [field, value] of Object.entries(before)) {
      if (field.startsWith('alert.') || field === settingsFields.backupTime) assert.equal(restored[field], value, field);
    }
    const daily = await waitFor('the daily backup scheduler', async () => (await s.producer.queue('backup').getJobScheduler(BACKUP_SCHEDULER_ID)) ?? undefined, 15_000);
    assert.equal(daily.pattern, '15 4 * * *');
    assert.equal(Number(await s.conn.get(hostKeys(s.config.hostId).mute('cpu'))), muteUntil);

    // Several samples later, the HDD (still not mounted) was not announced a second time.
    const seenAt = Date.now();
    await waitFor('three samples after the restart', async () => {
      const raw = await s.conn.get(hostKeys(s.config.hostId).sampleLatest);
      return raw && (JSON.parse(raw) as { at: number }).at > seenAt + 2500 ? true : undefined;
    }, 20_000);
    for (const chat of [ADMIN, ADMIN2]) assert.deepEqual(sent(from, chat, /^🚨 ⚠️ HDD/), [], `no second HDD alert to ${chat}`);
    // The jobs of the settings were lost with Redis: their lines are checked, their chats cannot be read.
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
