import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { unreachableSystemctl } from '@potion/testkit';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// This machine's own /usr/bin/systemctl, which cannot reach systemd here ("System has not
// been booted with systemd as init system (PID 1). Can't operate."), not the stand-in.
const real = unreachableSystemctl();

describe('with the real systemctl unable to reach systemd', { skip: real.skip }, () => {
  let h: OpsHarness;
  before(async () => {
    h = await startOps({ standins: { without: ['systemctl'] } });
  });
  after(async () => h?.stop());

  test('Status still shows CPU, RAM, disks and uptime, and one line saying why the services are missing', async () => {
    const msg = await h.ask('status.summary', {});
    assert.match(msg.text, /^📊 Status server\n/);
    assert.match(msg.text, /CPU {3}\d+% · load/);
    assert.match(msg.text, /RAM {3}[\d,]+ GB \/ [\d,]+ GB/);
    assert.match(msg.text, /Disk \/ +\d+%/);
    assert.match(msg.text, /⏱️ Nyala /);
    assert.match(msg.text, /⚠️ Status layanan: gak kebaca \(systemd gak jalan di mesin ini\)/);
    assert.doesNotMatch(msg.text, /n8n\.service: unknown/);
    assert.deepEqual(msg.buttons, [[{ text: '🔍 Detail', data: 'status:detail' }]]);
  });

  test('the Kontrol service list names every whitelisted unit and says why their state is missing', async () => {
    const msg = await h.ask('service.list', {});
    assert.equal(
      msg.text,
      '🧩 Service yang dipantau:\n❔ n8n.service\n❔ cloudflared.service\n⚠️ Status layanan: gak kebaca (systemd gak jalan di mesin ini)',
    );
  });

  test('the daily digest says the services could not be read, with the rest of the day', async () => {
    const msg = await h.ask('health.digest', {});
    assert.match(msg.text, /^☀️ Ringkasan harian server/);
    assert.match(msg.text, /⏱️ Nyala terus /);
    assert.match(msg.text, /💽 Disk \/: \d+% terpakai/);
    assert.match(msg.text, /⚠️ Status layanan: gak kebaca \(systemd gak jalan di mesin ini\)/);
  });
});

describe('with the host sample unreadable (no /proc where the worker looks)', () => {
  let h: OpsHarness;
  before(async () => {
    h = await startOps({ procRoot: join(tmpdir(), 'potion-no-such-proc') });
    h.standins.unit('n8n.service', 'active running');
  });
  after(async () => h?.stop());

  test('Status shows the services and one line for CPU, RAM, disks and uptime', async () => {
    const msg = await h.ask('status.summary', {});
    assert.match(msg.text, /^📊 Status server\n/);
    // The outbox carries the markup sent to Telegram: the "&" is written &amp;.
    assert.match(msg.text, /⚠️ CPU, RAM, disk &amp; uptime: gak kebaca \(file-nya gak ada\)/);
    assert.match(msg.text, /✅ n8n\.service: active/);
    assert.match(msg.text, /❔ cloudflared\.service: tidak ditemukan/);
  });

  test('Detail shows per-core load, processes and SMART, and one line for the memory', async () => {
    const msg = await h.ask('status.detail', {});
    assert.match(msg.text, /^🔎 Detail server/);
    assert.match(msg.text, /core 0: \d+%/);
    assert.match(msg.text, /🔥 Paling sibuk \(CPU\)\n.*%/);
    assert.match(msg.text, /🟢 \/dev\/sda \(Samsung SSD 860 EVO 250GB\): sehat/);
    assert.match(msg.text, /⚠️ Memori: gak kebaca \(file-nya gak ada\)/);
  });

  test('the daily digest shows alerts and backups, and one line for uptime and disks', async () => {
    const msg = await h.ask('health.digest', {});
    assert.match(msg.text, /^☀️ Ringkasan harian server/);
    assert.match(msg.text, /✅ Tidak ada alert dalam 24 jam terakhir\./);
    assert.match(msg.text, /💾 Belum ada backup yang berhasil/);
    assert.match(msg.text, /⚠️ Uptime &amp; disk: gak kebaca \(file-nya gak ada\)/);
  });
});
