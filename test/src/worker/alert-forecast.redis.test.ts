import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { syntheticSample } from '@potion/worker';
import { startAlertHarness, T0, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('early disk-full alert from the forecast, through the real worker, Redis and outbox (fake clock)', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());

  /**
   * Replaces the sampler history with 24 h of one sample a minute ending a minute before
   * `sec`, `/` rising `perDay` points a day up to `rootNow` at `sec`; the HDD flat at 40%.
   */
  async function seedHistory(sec: number, rootNow: number, perDay: number): Promise<void> {
    const now = T0 + sec * 1000;
    const lines = Array.from({ length: 1440 }, (_, i) => {
      const at = now - (i + 1) * MIN;
      return JSON.stringify(syntheticSample({ at, hddMount: h.cfg.hddMount, rootPct: rootNow - (perDay * (i + 1) * MIN) / DAY, hddPct: 40 }));
    });
    await h.conn.del(h.app.deps.keys.sampleHistory);
    await h.conn.rpush(h.app.deps.keys.sampleHistory, ...lines); // newest first, as the sampler keeps it
  }

  const forecastAlerts = async () => (await h.alerts()).filter((a) => a.jobId.startsWith('alert.forecast.'));
  const sec = (ms: number) => ms / 1000;

  it('a flat disk history raises nothing', async () => {
    await seedHistory(0, 70, 0);
    await h.sampleAt(0, { rootPct: 70 });
    assert.equal(await h.conn.get(h.app.deps.keys.forecastCheckedAt), String(T0), 'the forecast ran');
    assert.deepEqual(await forecastAlerts(), []);
    assert.equal(await h.conn.sismember(h.app.deps.keys.alertsOpen, 'forecast.root'), 0);
  });

  it('/ rising ~4% a day from 70% to 74% sends one early alert to every admin, in Indonesian, well before 90%', async () => {
    const t = sec(2 * HOUR);
    await seedHistory(t, 74, 4);
    await h.sampleAt(t, { rootPct: 74 });
    const a = await forecastAlerts();
    assert.deepEqual(a.map((m) => m.chatId).sort(), [1001, 1002]);
    for (const m of a) {
      assert.match(m.text, /^🚨 ⚠️ Disk \/ diperkirakan penuh dalam ~7 hari \(sekarang 74%\)\.\nKalau penuh, aplikasi bisa gagal menyimpan data dan backup berhenti\.\nYang aman dilakukan sekarang: hapus file besar/);
      assert.equal(m.jobId.startsWith(`alert.forecast.root.${T0 + t * 1000}.fire.`), true, m.jobId);
      // The same row as the "disk / hampir penuh" alert: the whitelisted clean-ups of / in one tap.
      assert.deepEqual(m.buttons?.[0], [{ text: '📂 Lihat yang besar', data: 'alert:big:root' }, { text: '🧹 Bersihkan', data: 'clean:plan' }]);
      assert.deepEqual(m.buttons?.[1]?.[0], { text: '🔕 Bisukan 1 jam', data: 'alert:mute:forecast.root:60' });
    }
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('forecast.root'), 'status'), 'firing');
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('forecast.root'), 'family'), 'disk');
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('forecast.hdd')), 0, 'the flat HDD raises nothing');
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('disk.root')), 0, '74% is under the 90% threshold');
  });

  it('the next samples and the next hourly runs send no duplicate, and the samples do not drop the alert', async () => {
    const t = sec(2 * HOUR);
    for (let s = t + 30; s <= t + 300; s += 30) await h.sampleAt(s, { rootPct: 74 });
    assert.equal(await h.conn.get(h.app.deps.keys.forecastCheckedAt), String(T0 + t * 1000), 'not evaluated again within the hour');
    for (const later of [t + sec(HOUR), t + sec(2 * HOUR), t + sec(3 * HOUR)]) {
      await seedHistory(later, 74 + (4 * (later - t)) / sec(DAY), 4);
      await h.sampleAt(later, { rootPct: 74 });
      assert.equal(await h.conn.get(h.app.deps.keys.forecastCheckedAt), String(T0 + later * 1000), 'evaluated hourly');
    }
    assert.equal((await forecastAlerts()).length, 2);
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('forecast.root'), 'status'), 'firing');
  });

  it('a day later it is still true: one daily reminder per admin', async () => {
    const t = sec(2 * HOUR + DAY);
    await seedHistory(t, 80, 4);
    await h.sampleAt(t, { rootPct: 80 });
    const a = await forecastAlerts();
    assert.equal(a.length, 4);
    assert.match(a[2]!.text, /^⏰ Masih berlangsung \(1 hari\): ⚠️ Disk \/ diperkirakan penuh dalam ~5 hari \(sekarang 80%\)/);
  });

  it('once the disk stops filling, one recovery per admin, then silence', async () => {
    const t = sec(4 * HOUR + DAY);
    await seedHistory(t, 60, 0); // the user cleaned up: flat at 60%
    await h.sampleAt(t, { rootPct: 60 });
    const a = await forecastAlerts();
    assert.equal(a.length, 6);
    assert.deepEqual(a.slice(4).map((m) => m.chatId).sort(), [1001, 1002]);
    assert.equal(a[4]!.text, '✅ Disk / tidak lagi diperkirakan penuh dalam seminggu. Peringatannya berlangsung 1 hari 2 jam.');
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('forecast.root')), 0);
    await h.sampleAt(t + sec(HOUR), { rootPct: 60 });
    assert.equal((await forecastAlerts()).length, 6);
  });

  it('the disk toggle in ⚙️ Settings covers the forecast alert too', async () => {
    await h.run('settings.set', { family: 'disk', enabled: false }, 1001);
    const t = sec(6 * HOUR + DAY);
    await seedHistory(t, 74, 4);
    await h.sampleAt(t, { rootPct: 74 });
    assert.equal((await forecastAlerts()).length, 6);
    await h.run('settings.set', { family: 'disk', enabled: true }, 1001);
  });
});
