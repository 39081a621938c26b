import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

// Issue 21 item 7: the first HDD alert of an installation whose HDD was never mounted must
// not say "tidak ter-mount lagi" (it never was); an HDD that was there and is gone still does.
describe('the HDD alert tells a never-mounted HDD from a lost mount', () => {
  let h: AlertHarness;
  before(async () => {
    h = await startAlertHarness();
  });
  after(async () => h?.stop());
  const hddAlerts = async () => (await h.alerts()).filter((a) => a.jobId.startsWith('alert.hdd.') && a.chatId === 1001);

  it('never mounted: the alert says so and names hdd-setup.sh and HDD_MOUNT', async () => {
    await h.sampleAt(0, { hddMounted: false });
    const [first] = await hddAlerts();
    assert.ok(first, 'an HDD alert');
    assert.match(first.text, /HDD belum pernah ter-mount di /);
    assert.match(first.text, /sudo deploy\/hdd-setup\.sh/);
    assert.match(first.text, /HDD_MOUNT/);
    assert.doesNotMatch(first.text, /lagi di/);
  });

  it('mounted once, then gone: the alert says it is not mounted any more', async () => {
    // Mounted long enough for the first alert to recover (ALERT_CLEAR_FOR_SEC), then gone.
    await h.sampleAt(60, { hddMounted: true });
    await h.sampleAt(60 + h.cfg.alerts.clearForMs / 1000, { hddMounted: true });
    await h.sampleAt(120 + h.cfg.alerts.clearForMs / 1000, { hddMounted: false });
    const all = await hddAlerts();
    const last = all.at(-1)!;
    assert.match(last.text, /^🚨 ⚠️ HDD tidak ter-mount lagi di /);
    // Remembered in DATA_DIR, not in Redis: still "lagi" after a worker restart.
    const t = 180 + h.cfg.alerts.clearForMs / 1000;
    await h.sampleAt(t, { hddMounted: true });
    await h.sampleAt(t + h.cfg.alerts.clearForMs / 1000, { hddMounted: true });
    await h.restartWorker();
    await h.sampleAt(t + 60 + h.cfg.alerts.clearForMs / 1000, { hddMounted: false });
    assert.match((await hddAlerts()).at(-1)!.text, /^🚨 ⚠️ HDD tidak ter-mount lagi di /);
  });
});
