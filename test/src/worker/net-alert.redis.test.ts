import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRunner } from '@potion/adapters';
import { hostKeys } from '@potion/jobs';
import { freePort } from '@potion/platform';
import { createStandins, type Standins } from '@potion/testkit';
import { tcpReachable } from '@potion/worker';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const s = createServer((sock) => sock.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

describe('internet lost and back, with the real TCP check against a local stand-in port', () => {
  let h: AlertHarness;
  let standins: Standins;
  let port: number;
  let server: Server | undefined;
  const netAlerts = async () => (await h.alerts()).filter((m) => m.chatId === 1001 && /nternet|Koneksi/.test(m.text));

  before(async () => {
    port = await freePort();
    server = await listen(port);
    standins = createStandins();
    h = await startAlertHarness(
      { NET_CHECK_TARGET: `127.0.0.1:${port}`, NET_CHECK_TIMEOUT_MS: '500', SERVICES_WHITELIST: '' },
      { realSampler: true, runner: createRunner({ env: { ...process.env, ...standins.env } }) },
    );
  });
  after(async () => {
    if (server) await close(server);
    await h?.stop();
    standins?.cleanup();
  });

  it('the check connects and reports the latency; a closed port is unreachable', async () => {
    const ok = await tcpReachable('127.0.0.1', port, 500);
    assert.equal(ok.reachable, true);
    assert.ok(ok.latencyMs !== null && ok.latencyMs >= 0);
    const spare = await freePort();
    assert.deepEqual(await tcpReachable('127.0.0.1', spare, 500), { target: `127.0.0.1:${spare}`, reachable: false, latencyMs: null });
  });

  it('a connection lost for a minute sends "koneksi putus" once, and "nyambung lagi" with the duration once', async () => {
    await h.sampleAt(0);
    assert.equal(JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!).net.reachable, true);
    await close(server!);
    server = undefined;
    await h.sampleAt(30);
    assert.equal((await netAlerts()).length, 0, 'one failed check is not an outage yet');
    await h.sampleAt(90);
    await h.sampleAt(120);
    let a = await netAlerts();
    assert.equal(a.length, 1);
    assert.match(a[0]!.text, new RegExp(`Koneksi internet putus \\(cek ke 127\\.0\\.0\\.1:${port} gagal\\)`));
    server = await listen(port);
    await h.sampleAt(420);
    await h.sampleAt(480);
    await h.sampleAt(510);
    a = await netAlerts();
    assert.equal(a.length, 2);
    assert.equal(a[1]!.text, '📶 Internet nyambung lagi! Tadi putus selama 6 menit.');
  });
});
