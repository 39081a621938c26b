import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { texts, toHtml } from '@potion/jobs';
import { serveBody, startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

const installed = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};

let h: OpsHarness;
let noTailscale: OpsHarness;
let ipServer: Awaited<ReturnType<typeof serveBody>>;
let fileServer: Awaited<ReturnType<typeof serveBody>>;

before(async () => {
  ipServer = await serveBody('203.0.113.7\n');
  fileServer = await serveBody(Buffer.alloc(2_000_000, 7));
  h = await startOps({ env: { PUBLIC_IP_URL: ipServer.url, SPEEDTEST_URL: fileServer.url } });
  noTailscale = await startOps({ standins: { without: ['tailscale'] } });
});
after(async () => {
  await Promise.all([h.stop(), noTailscale.stop()]);
  await Promise.all([ipServer.close(), fileServer.close()]);
});

test('IP info lists interfaces with their addresses, the gateway and the public address', async () => {
  const msg = await h.ask('net.info', {}, { userId: VIEWER });
  assert.equal(
    msg.text,
    [
      '🌐 Info jaringan',
      '',
      '⚪ enp2s0 (mati)',
      '   belum dapat alamat IP',
      '',
      '🟢 wlp3s0 (nyala)',
      '   IPv4 192.168.1.23/24',
      '',
      '🟢 tailscale0 (nyala)',
      '   IPv4 100.101.102.103/32',
      '   IPv6 fd7a:115c:a1e0::1234:5678/128',
      '',
      '🚪 Gateway: 192.168.1.1 lewat wlp3s0',
      '🌍 IP publik: 203.0.113.7',
    ].join('\n'),
  );
});

test('an IPv6-only machine shows its global IPv6 address and its IPv6 gateway', async () => {
  h.standins.set(
    'ip/addr.json',
    '[{"ifindex":2,"ifname":"enp2s0","flags":["UP","LOWER_UP"],"operstate":"UP","link_type":"ether","address":"10:c3:7b:4a:11:02","addr_info":[{"family":"inet6","local":"2001:db8::1102","prefixlen":64,"scope":"global"},{"family":"inet6","local":"fe80::1102","prefixlen":64,"scope":"link"}]}]',
  );
  h.standins.set('ip/route.json', '[]');
  h.standins.set('ip/route6.json', '[{"dst":"default","gateway":"fe80::1","dev":"enp2s0","protocol":"ra","metric":100,"flags":[],"pref":"medium"}]');
  try {
    const msg = await h.ask('net.info', {});
    assert.match(msg.text, /🟢 enp2s0 \(nyala\)\n {3}IPv6 2001:db8::1102\/64\n\n/);
    assert.doesNotMatch(msg.text, /fe80::1102/);
    assert.match(msg.text, /🚪 Gateway: fe80::1 lewat enp2s0/);
  } finally {
    h.standins.clear('ip');
  }
});

test('with PUBLIC_IP_URL=off the public address is not looked up', async () => {
  const msg = await noTailscale.ask('net.info', {});
  assert.match(msg.text, /🌍 IP publik: tidak dicek \(PUBLIC_IP_URL=off\)/);
});

test('Ping 1.1.1.1 reports loss and rtt min/avg/max', async () => {
  const msg = await h.ask('net.ping', {});
  assert.equal(msg.text, '📡 Ping 1.1.1.1\n🟢 4/4 balasan · hilang 0%\n⏱️ min 11.3 · rata2 12.8 · max 14.0 ms');
  assert.equal(h.standins.calls('ping').at(-1), '-c 4 -W 2 -- 1.1.1.1');
});

test('100% packet loss and an unreachable network are results, not crashes', async () => {
  h.standins.set('ping/mode', 'loss');
  let msg = await h.ask('net.ping', {});
  assert.match(msg.text, /🔴 0\/4 balasan · hilang 100%\nTidak ada balasan sama sekali/);
  h.standins.set('ping/mode', 'partial');
  msg = await h.ask('net.ping', { count: 4 });
  assert.match(msg.text, /🟠 3\/4 balasan · hilang 25%/);
  h.standins.set('ping/mode', 'unreachable');
  msg = await h.ask('net.ping', {});
  assert.equal(msg.text, toHtml(texts.DONE_FAIL('ping ke 1.1.1.1 gagal dikirim (ping: connect: Network is unreachable); kemungkinan internet/DNS server sedang putus')));
  assert.match(msg.text, /^Kenapa ya\.\.\. ❌ Ada error: ping ke 1\.1\.1\.1 gagal dikirim/);
  h.standins.clear('ping');
});

test('a hostile ping target is refused before ping runs', async () => {
  const n = h.standins.calls('ping').length;
  for (const target of ['-f', '1.1.1.1 -f', '$(reboot)', 'a;b', 'x'.repeat(300)]) {
    const msg = await h.raw('net.ping', { target });
    assert.match(msg.text, /alamat host tidak valid/, target.slice(0, 10));
  }
  assert.equal(h.standins.calls('ping').length, n);
});

test('Tailscale status lists own address and peers', async () => {
  const msg = await h.ask('net.tailscale', {});
  assert.match(msg.text, /🖥️ Server ini: potion-laptop · 100.101.102.103, fd7a:115c:a1e0::1234:5678/);
  assert.match(msg.text, /👥 Perangkat lain: 1 online dari 2\n🟢 pixel-7 \(android\) 100.88.1.2\n⚪ kantor-pc \(windows\) 100.77.3.4/);
});

test('a stopped tailscaled says how to start it', async () => {
  h.standins.set('tailscale/down', '');
  try {
    const msg = await h.ask('net.tailscale', {});
    assert.match(msg.text, /Tailscale terpasang tapi belum jalan ❌.*\nCoba: sudo systemctl start tailscaled/);
  } finally {
    h.standins.clear('tailscale');
  }
});

test('without Tailscale installed the answer is "Tailscale belum terpasang"', { skip: installed('tailscale') && 'this machine has a real tailscale' }, async () => {
  const msg = await noTailscale.ask('net.tailscale', {});
  assert.match(msg.text, /^🛡️ Tailscale belum terpasang/);
});

test('the quick speed test times a download from the configured URL', async () => {
  const msg = await h.ask('net.speed', {});
  assert.match(msg.text, /^🚀 Speed test cepat \(download\)\n⬇️ [\d.]+ Mbps\n📦 1,9 MB dalam [\d.]+ detik/);
  assert.match(msg.text, /Sumber: 127.0.0.1:\d+/);
});

test('an unreachable speed test server gives a plain answer after the retry', async () => {
  const down = await startOps({ env: { SPEEDTEST_URL: 'http://127.0.0.1:1/file' } });
  try {
    const msg = await down.ask('net.speed', {});
    assert.match(msg.text, /^Kenapa ya\.\.\. ❌ Ada error: speed test gagal: tidak bisa mengunduh dari 127.0.0.1:1/);
  } finally {
    await down.stop();
  }
});

test('with SPEEDTEST_URL=off the speed test honestly says it is off', async () => {
  const msg = await noTailscale.ask('net.speed', {});
  assert.match(msg.text, /Speed test dimatikan \(SPEEDTEST_URL=off/);
});
