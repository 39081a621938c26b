import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

const realSmartctl = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v smartctl'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

let h: OpsHarness;
before(async () => {
  h = await startOps({ standins: { without: ['smartctl', 'sensors'] } });
  // Before any sample is taken: 📊 Status shows the units as the newest sample saw them.
  h.standins.unit('n8n.service', 'active running');
});
after(async () => {
  await h.stop();
});

test('without smartctl installed the detail says how to install it', { skip: realSmartctl && 'this machine has a real smartctl' }, async () => {
  const msg = await h.ask('status.detail', {});
  assert.match(msg.text, /💽 SMART: smartctl belum terpasang \(sudo apt install smartmontools\)/);
  assert.equal(h.standins.calls('sudo').length, 0);
});

test('status.summary still answers through the queue with the stand-ins', async () => {
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /📊 Status server/);
  assert.match(msg.text, /✅ n8n.service: active/);
  assert.match(msg.text, /❔ cloudflared.service: tidak ditemukan/);
});
