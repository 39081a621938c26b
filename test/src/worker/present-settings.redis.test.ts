import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HostSample } from '@potion/jobs';
import { parseTelegramHtml } from '@potion/testkit';
import { syntheticSample } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// Issue 17 point 4: every text takes TIMEZONE and the alert thresholds from the settings, none
// hard-codes Asia/Jakarta or 85 °C. Asia/Makassar is UTC+8 all year, an hour off the default.

/** What the user reads for an outbox text (Telegram HTML). */
const shown = (markup: string): string => {
  const p = parseTelegramHtml(markup);
  assert.ok(p.ok, p.ok ? '' : p.description);
  return p.text;
};

describe('TIMEZONE=Asia/Makassar and ALERT_TEMP_C=60 in Status, an alert and a backup result (real worker, Redis)', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness({ TIMEZONE: 'Asia/Makassar', ALERT_TEMP_C: '60', ALERT_TEMP_FOR_SEC: '0' });
  });
  after(async () => h?.stop());

  it('the temperature alert says the configured limit and starts at the local time', async () => {
    await h.sampleAt(0, { tempC: 65 });
    const temp = (await h.alerts()).filter((a) => a.jobId.startsWith('alert.temp.'));
    assert.equal(temp.length, 2, 'one per admin');
    // T0 is 07:00 UTC: 15:00 in Makassar.
    assert.equal(shown(temp[0]!.text), '🚨 🌡️ Suhu CPU panas: 65°C (batas 60°C). Cek kipas dan ventilasi laptop ya.\n🕒 Mulai 15:00');
  });

  it('Status marks 65 °C hot against ALERT_TEMP_C and shows the boot time in TIMEZONE', async () => {
    const id = await h.run('status.summary', {}, 1001);
    const text = shown((await h.result('read', id)).text);
    assert.match(text, /^🔥 Suhu {2}65°C$/m);
    // The synthetic sample booted an hour before T0: 06:00 UTC, 14:00 in Makassar.
    assert.match(text, /^⏱️ Nyala 1 jam \(sejak 25\/11\/2026, 14\.00\.00\)$/m);
  });

  it('a calm 55 °C stays calm, and is hot once the threshold is lower than it', async () => {
    await h.sampleAt(60, { tempC: 55 });
    let text = shown((await h.result('read', await h.run('status.summary', {}, 1001))).text);
    assert.match(text, /^🌡️ Suhu {2}55°C$/m);
    const sample = JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!) as HostSample;
    await h.conn.set(h.app.deps.keys.sampleLatest, JSON.stringify(syntheticSample({ at: sample.at, tempC: 61 })));
    text = shown((await h.result('read', await h.run('status.summary', {}, 1001))).text);
    assert.match(text, /^🔥 Suhu {2}61°C$/m);
  });

  it('the new backup time is confirmed with the next run in TIMEZONE', async () => {
    const id = await h.run('backup.schedule', { time: '02:30' }, 1001);
    const text = shown((await h.result('read', id)).text);
    // 02:30 in Makassar, the day after T0's local day (25 Nov 15:00).
    assert.match(text, /⏰ Backup harian sekarang jam 02:30 \(Asia\/Makassar\)\. Berikutnya: Kam, 26 Nov, 02\.30\./);
  });
});

describe('TIMEZONE=UTC and ALERT_TEMP_C=50 in Detail and the backup list (real worker, Redis, stand-ins)', () => {
  let h: OpsHarness;
  before(async () => {
    h = await startOps({ env: { TIMEZONE: 'UTC', ALERT_TEMP_C: '50', BACKUP_TIME: '02:30' } });
  });
  after(async () => h?.stop());

  it('Detail flags a 52 °C sensor as hot against ALERT_TEMP_C (its own limit is 105 °C)', async () => {
    const text = shown((await h.ask('status.detail', {})).text);
    assert.match(text, /^🔥 Package id 0: 52°C$/m);
  });

  it('the backup list shows the next run at 02:30 in UTC', async () => {
    const text = shown((await h.ask('backup.list', {})).text);
    assert.match(text, /^⏰ Jadwal harian 02:30 · berikutnya \S+, \d+ \S+, 02\.30$/m);
  });
});
