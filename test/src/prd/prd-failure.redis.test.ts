import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRunner } from '@potion/adapters';
import { hostKeys } from '@potion/jobs';
import { createStandins, type Standins } from '@potion/testkit';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

// PRD section 16, Failure: "matikan service dummy -> pastikan alert & bisa Restart".
describe('PRD test plan, Failure: a whitelisted service dies, the admins are alerted and can restart it', () => {
  let h: AlertHarness;
  let standins: Standins;
  const serviceAlerts = async () => (await h.alerts()).filter((m) => /n8n\.service|cloudflared\.service/.test(m.text));

  before(async () => {
    standins = createStandins();
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'active running');
    h = await startAlertHarness(
      { ALERT_CLEAR_FOR_SEC: '0' },
      { realSampler: true, runner: createRunner({ env: { ...process.env, ...standins.env } }) },
    );
  });
  after(async () => {
    await h?.stop();
    standins?.cleanup();
  });

  it('the real sampler records every whitelisted unit with one systemctl call', async () => {
    await h.sampleAt(0);
    const latest = JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!) as { services: { unit: string; active: string }[] };
    assert.deepEqual(latest.services.map((s) => `${s.unit}=${s.active}`), ['n8n.service=active', 'cloudflared.service=active']);
    assert.equal(standins.calls('systemctl').length, 1);
    assert.equal((await serviceAlerts()).length, 0);
  });

  it('a unit that goes failed alerts every admin at once, with Restart and mute buttons', async () => {
    standins.unit('n8n.service', 'failed failed');
    await h.sampleAt(30);
    const a = await serviceAlerts();
    assert.deepEqual(a.map((m) => m.chatId).sort(), [1001, 1002]);
    assert.match(a[0]!.text, /^🚨 ❌ Service n8n\.service mati \(status failed\/failed\)\./);
    assert.deepEqual(a[0]!.buttons, [
      [{ text: '🔄 Restart', data: 'alert:restart:n8n.service' }],
      [{ text: '🔕 Bisukan 1 jam', data: 'alert:mute:svc.n8n.service:60' }, { text: '🔕 8 jam', data: 'alert:mute:svc.n8n.service:480' }, { text: '🔕 Sampai besok', data: 'alert:mute:svc.n8n.service:t' }],
    ]);
    await h.sampleAt(60);
    assert.equal((await serviceAlerts()).length, 2, 'no repeat on the next sample');
  });

  it('pressing Restart (an admin, confirmed in the bot) restarts it, and the recovery arrives once', async () => {
    const id = await h.run('service.restart', { unit: 'n8n.service' }, 1001);
    const res = await h.result('once', id);
    assert.match(res.text, /n8n\.service sudah di-restart/);
    assert.equal(standins.unitState('n8n.service'), 'active running');
    await h.sampleAt(90);
    await h.sampleAt(120);
    const a = await serviceAlerts();
    assert.equal(a.length, 4);
    assert.match(a[2]!.text, /^✅ Service n8n\.service sudah normal lagi\. Tadi berlangsung 1 menit\.$/);
  });

  it('a unit stopped on purpose from the bot raises no alert; one that stops by itself does', async () => {
    await h.run('service.stop', { unit: 'cloudflared.service' }, 1001);
    await h.sampleAt(150);
    assert.equal((await serviceAlerts()).length, 4);
    await h.run('service.start', { unit: 'cloudflared.service' }, 1001);
    await h.sampleAt(180);
    standins.unit('cloudflared.service', 'inactive dead');
    await h.sampleAt(210);
    const a = await serviceAlerts();
    assert.equal(a.length, 6);
    assert.match(a[4]!.text, /⏸️ Service cloudflared\.service berhenti \(status inactive\/dead\), padahal tadinya jalan/);
  });
});
