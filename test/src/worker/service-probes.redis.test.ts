import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRunner } from '@potion/adapters';
import { buildDashboard } from '@potion/dashboard';
import { hostSample, type HostSample, type ProbeResult } from '@potion/jobs';
import { createLogger, freePort } from '@potion/platform';
import { createStandins, type Standins } from '@potion/testkit';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';
import { parsePromText } from '../harness/prom-text.js';

// Issue 19 point 1, "is it really serving?": real HTTP servers and a TCP listener on loopback,
// probed by the worker's real sampler; Status, alerts and /metrics read what it stored.

const PASSWORD = 'correct-horse-battery-staple';
type Mode = 'ok' | 'hang' | 'error';

async function httpServer(mode: { now: Mode }): Promise<{ server: HttpServer; port: number }> {
  const server = createHttpServer((req, res) => {
    if (mode.now === 'hang') return; // accepts, reads the request, never answers
    res.writeHead(mode.now === 'ok' ? 200 : 500, { 'content-type': 'text/plain' });
    res.end(mode.now === 'ok' ? 'ok' : 'boom');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0 };
}

const closeHttp = (s: HttpServer) =>
  new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

describe('service probes through the worker (real loopback servers, real Redis)', () => {
  let h: AlertHarness;
  let standins: Standins;
  const healthy = { now: 'ok' as Mode };
  const hanging = { now: 'hang' as Mode };
  const failing = { now: 'error' as Mode };
  const servers: HttpServer[] = [];
  let tcp: TcpServer;
  let ports: { ok: number; hang: number; err: number; tcp: number; closed: number };

  before(async () => {
    const a = await httpServer(healthy);
    const b = await httpServer(hanging);
    const c = await httpServer(failing);
    servers.push(a.server, b.server, c.server);
    tcp = createTcpServer((sock) => sock.destroy());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const t = tcp.address();
    ports = { ok: a.port, hang: b.port, err: c.port, tcp: typeof t === 'object' && t ? t.port : 0, closed: await freePort() };
    standins = createStandins();
    for (const u of ['web.service', 'hang.service', 'err.service', 'mcp.service', 'closed.service']) standins.unit(u, 'active running');
    h = await startAlertHarness(
      {
        SERVICES_WHITELIST: 'web.service,hang.service,err.service,mcp.service,closed.service',
        SERVICE_PROBES: [
          `web.service=http://127.0.0.1:${ports.ok}/healthz`,
          `hang.service=http://127.0.0.1:${ports.hang}/healthz`,
          `err.service=http://127.0.0.1:${ports.err}/`,
          `mcp.service=tcp://127.0.0.1:${ports.tcp}`,
          `closed.service=tcp://127.0.0.1:${ports.closed}`,
        ].join(', '),
        SERVICE_PROBE_TIMEOUT_SEC: '1',
        ALERT_PROBE_FOR_SEC: '60',
        ALERT_CLEAR_FOR_SEC: '60',
      },
      { realSampler: true, runner: createRunner({ env: { ...process.env, ...standins.env } }) },
    );
  });
  after(async () => {
    await h?.stop();
    standins?.cleanup();
    for (const s of servers) await closeHttp(s);
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });

  const stored = async (): Promise<HostSample> => hostSample.parse(JSON.parse((await h.conn.get(h.app.deps.keys.sampleLatest))!));
  const probe = (s: HostSample, unit: string): ProbeResult => s.probes.find((p) => p.unit === unit)!;
  const probeAlerts = async () => (await h.alerts()).filter((m) => m.chatId === 1001 && m.jobId.startsWith('alert.probe.'));

  it('stores each answer with the sample: 200, timeout, 500, open port, refused', async () => {
    await h.sampleAt(0);
    const s = await stored();
    const ok = probe(s, 'web.service');
    assert.deepEqual({ ...ok, latencyMs: typeof ok.latencyMs }, { unit: 'web.service', kind: 'http', target: `http://127.0.0.1:${ports.ok}/healthz`, timeoutMs: 1000, ok: true, status: 200, latencyMs: 'number', failure: null });
    assert.deepEqual(probe(s, 'hang.service'), { unit: 'hang.service', kind: 'http', target: `http://127.0.0.1:${ports.hang}/healthz`, timeoutMs: 1000, ok: false, status: null, latencyMs: null, failure: 'timeout' });
    assert.equal(probe(s, 'err.service').status, 500);
    assert.equal(probe(s, 'err.service').failure, 'status');
    assert.equal(probe(s, 'mcp.service').ok, true);
    assert.equal(probe(s, 'mcp.service').target, `127.0.0.1:${ports.tcp}`);
    assert.equal(probe(s, 'closed.service').failure, 'refused');
  });

  it('📊 Status shows each probe\'s last answer and latency', async () => {
    const id = await h.run('status.summary', {}, 1001);
    const text = (await h.result('read', id)).text;
    assert.match(text, /✅ web\.service · jalan · 200 dalam \d+ ms/);
    assert.match(text, /❌ hang\.service · jalan tapi gak jawab \(timeout 1 detik\)/);
    assert.match(text, /❌ err\.service · jalan tapi gak jawab \(jawab 500\)/);
    assert.match(text, /✅ mcp\.service · jalan · port kebuka dalam \d+ ms/);
    assert.match(text, /❌ closed\.service · jalan tapi gak jawab \(koneksi ditolak, port-nya gak ada yang dengerin\)/);
  });

  it('/metrics has potion_probe_up and potion_probe_latency_seconds, the home page the answers, from the stored sample', async () => {
    const app = await buildDashboard({ config: h.cfg, log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }), redis: h.conn, password: PASSWORD });
    try {
      const res = await app.inject({ url: '/metrics', remoteAddress: '10.0.0.5', headers: { authorization: `Bearer ${PASSWORD}` } });
      assert.equal(res.statusCode, 200);
      const prom = parsePromText(res.body);
      const up = Object.fromEntries(prom.samples.filter((x) => x.name === 'potion_probe_up').map((x) => [x.labels.unit, x.value]));
      assert.deepEqual(up, { 'web.service': 1, 'hang.service': 0, 'err.service': 0, 'mcp.service': 1, 'closed.service': 0 });
      const latency = prom.samples.filter((x) => x.name === 'potion_probe_latency_seconds').map((x) => x.labels.unit).sort();
      assert.deepEqual(latency, ['err.service', 'mcp.service', 'web.service'], 'a latency only where something answered');
      assert.equal(prom.types.get('potion_probe_up'), 'gauge');
      // The home page's services table shows the same answers, next to each unit.
      const home = await app.inject({ url: '/', remoteAddress: '10.0.0.5', headers: { authorization: `Bearer ${PASSWORD}` } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<code>web\.service<\/code><\/td><td class="ok">✅ jalan<\/td><td>✅ 200 dalam \d+ ms<\/td>/);
      assert.match(home.body, /<code>hang\.service<\/code><\/td><td class="ok">✅ jalan<\/td><td>❌ gak jawab \(timeout 1 detik\)<\/td>/);
    } finally {
      await app.close();
    }
  });

  it('a probe failing past the window alerts once with 🔁 Restart; healthy again, it recovers', async () => {
    await h.sampleAt(30);
    assert.equal((await probeAlerts()).length, 0, 'inside the 60 s window: no alert yet');
    await h.sampleAt(70);
    const fired = await probeAlerts();
    assert.deepEqual(fired.map((m) => m.jobId.split('.').slice(0, 4).join('.')).sort(), ['alert.probe.closed.service', 'alert.probe.err.service', 'alert.probe.hang.service']);
    const hang = fired.find((m) => m.jobId.startsWith('alert.probe.hang.service'))!;
    assert.match(hang.text, new RegExp(`^🚨 🔌 Service hang\\.service jalan tapi gak jawab di http://127\\.0\\.0\\.1:${ports.hang}/healthz \\(timeout 1 detik\\)\\.\\n🕒 Mulai `));
    assert.deepEqual(hang.buttons?.[0], [{ text: '🔁 Restart', data: 'alert:restart:hang.service' }]);
    assert.match(hang.buttons?.[1]?.[0]?.data ?? '', /^alert:mute:probe\.hang\.service:60$/);

    hanging.now = 'ok';
    failing.now = 'ok';
    await h.sampleAt(100);
    await h.sampleAt(130);
    assert.equal((await probeAlerts()).length, 3, 'clear for 30 s: not yet "normal lagi"');
    await h.sampleAt(170);
    const all = await probeAlerts();
    const back = all.slice(3).map((m) => m.text).sort();
    assert.deepEqual(back, ['✅ Service err.service jawab lagi. Tadi gak jawab selama 1 menit.', '✅ Service hang.service jawab lagi. Tadi gak jawab selama 1 menit.']);
    assert.equal(probe(await stored(), 'hang.service').status, 200);
  });

  it('a unit stopped on purpose from the bot: its open probe alert ends without a word', async () => {
    assert.ok((await h.conn.smembers(h.app.deps.keys.alertsOpen)).includes('probe.closed.service'));
    standins.unit('closed.service', 'inactive dead');
    await h.conn.sadd(h.app.deps.keys.servicesStopped, 'closed.service');
    await h.sampleAt(300);
    await h.sampleAt(400);
    const closed = (await probeAlerts()).filter((m) => m.jobId.startsWith('alert.probe.closed.service'));
    assert.equal(closed.length, 1, 'only the first alert: no reminder, no "jawab lagi"');
    assert.ok(!(await h.conn.smembers(h.app.deps.keys.alertsOpen)).includes('probe.closed.service'));
  });
});
