import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

let h: OpsHarness;
before(async () => {
  h = await startOps();
});
after(async () => {
  await h.stop();
});

test('status.detail shows per-core load, swap, top processes and SMART health of every disk', async () => {
  const msg = await h.ask('status.detail', {}, { userId: VIEWER });
  assert.equal(msg.kind, 'result');
  assert.equal(msg.editMessageId, 55, 'the pending message is edited');
  assert.match(msg.text, /^🔎 Detail server/);
  assert.match(msg.text, /core 0: \d+%/);
  assert.match(msg.text, /Swap/);
  assert.match(msg.text, /🔥 Paling sibuk \(CPU\)\n.*%/);
  assert.match(msg.text, /🐘 Paling boros RAM\n.*(MB|GB)/);
  assert.match(msg.text, /Package id 0: 52°C/);
  assert.match(msg.text, /🟢 \/dev\/sda \(Samsung SSD 860 EVO 250GB\): sehat · 34°C · 21034 jam nyala/);
  assert.match(msg.text, /🟢 \/dev\/sdb \(ST500LM021-1KJ152\): sehat/);
  // SMART data is read as root through sudo -n, one call per disk found by --scan.
  assert.deepEqual(h.standins.calls('sudo').filter((c) => c.includes('smartctl')), [
    '-n smartctl -j -i -H -A -d sat /dev/sda',
    '-n smartctl -j -i -H -A -d sat /dev/sdb',
  ]);
});

test('a failing HDD is flagged red with its bad sectors', async () => {
  h.standins.set('smartctl/failing', '');
  try {
    const msg = await h.ask('status.detail', {});
    assert.match(msg.text, /🔴 \/dev\/sdb \(ST500LM021-1KJ152\): GAGAL — segera backup! · 39°C · 38211 jam nyala · 1208 sektor bermasalah/);
    assert.match(msg.text, /⚠️ disk failing/);
  } finally {
    h.standins.clear('smartctl/failing');
  }
});

test('without a sudoers rule for smartctl the detail still answers and names the missing rule', async () => {
  h.standins.denySudo(true);
  try {
    const msg = await h.ask('status.detail', {});
    assert.match(msg.text, /💽 SMART: tidak bisa dibaca — izin sudo belum dipasang untuk "smartctl -j -i -H -A -d sat \/dev\/sda"/);
    assert.match(msg.text, /core 0/, 'the rest of the detail is still there');
  } finally {
    h.standins.denySudo(false);
  }
});

test('a machine without lm-sensors readings says the temperature is not available', async () => {
  h.standins.set('sensors/none', '');
  try {
    const msg = await h.ask('status.detail', {});
    assert.match(msg.text, /🌡️ Suhu: sensor tidak tersedia/);
  } finally {
    h.standins.clear('sensors/none');
  }
});
