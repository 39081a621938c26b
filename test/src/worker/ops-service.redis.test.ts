import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

let h: OpsHarness;
before(async () => {
  h = await startOps();
  h.standins.unit('n8n.service', 'active running');
  h.standins.unit('cloudflared.service', 'failed failed');
});
after(async () => {
  await h.stop();
});

test('the Kontrol list shows each whitelisted unit with its state', async () => {
  const msg = await h.ask('service.list', {}, { userId: VIEWER });
  assert.equal(msg.text, '🧩 Service yang dipantau:\n✅ n8n.service: active (running)\n❌ cloudflared.service: failed (failed)');
});

test('restart through sudo -n reports the state after the action', async () => {
  const msg = await h.ask('service.restart', { unit: 'cloudflared.service' });
  assert.match(msg.text, /cloudflared.service sudah di-restart\. Status sekarang: ✅ active \(running\)/);
  assert.equal(h.standins.calls('sudo').at(-1), '-n systemctl restart -- cloudflared.service');
});

test('a unit that fails to start shows its last journal lines', async () => {
  h.standins.unit('n8n.service', 'inactive dead');
  h.standins.failStart('n8n.service', true);
  h.standins.journal('n8n.service', ['Error: listen EADDRINUSE: address already in use :::5678']);
  try {
    const msg = await h.ask('service.start', { unit: 'n8n.service' });
    assert.match(msg.text, /n8n.service gagal dinyalakan, statusnya sekarang "failed\/failed"/);
    assert.match(msg.text, /Log terakhir:\nError: listen EADDRINUSE/);
  } finally {
    h.standins.failStart('n8n.service', false);
  }
});

test('stop leaves the unit inactive', async () => {
  h.standins.unit('n8n.service', 'active running');
  const msg = await h.ask('service.stop', { unit: 'n8n.service' });
  assert.match(msg.text, /n8n.service sudah dimatikan\. Status sekarang: ⏸️ inactive \(dead\)/);
  assert.equal(h.standins.unitState('n8n.service'), 'inactive dead');
});

test('a viewer cannot restart', async () => {
  const msg = await h.ask('service.restart', { unit: 'n8n.service' }, { userId: VIEWER });
  assert.match(msg.text, /Maaf, kamu belum punya izin/);
});
