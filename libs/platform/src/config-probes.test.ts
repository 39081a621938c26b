import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './errors.js';
import { loadConfig } from './config.js';

const base = { ENV_FILE: '/nonexistent/.env', DATA_DIR: '/tmp/potion-cfg', SERVICES_WHITELIST: 'n8n.service,mcp.service,web.service' };

test('SERVICE_PROBES: http(s) with an optional status and tcp://host:port, per whitelisted unit', () => {
  const c = loadConfig({
    env: { ...base, SERVICE_PROBES: 'n8n.service=http://127.0.0.1:5678/healthz, mcp.service=tcp://127.0.0.1:8765 , web.service=https://localhost:8443/ping?a=1|204' },
    cwd: '/tmp',
  });
  assert.deepEqual(c.serviceProbes, [
    { unit: 'n8n.service', kind: 'http', url: 'http://127.0.0.1:5678/healthz' },
    { unit: 'mcp.service', kind: 'tcp', host: '127.0.0.1', port: 8765 },
    { unit: 'web.service', kind: 'http', url: 'https://localhost:8443/ping?a=1', expectStatus: 204 },
  ]);
  assert.equal(c.serviceProbeTimeoutMs, 3000);
  assert.equal(c.probeForMs, 60_000);
});

test('no probes by default', () => {
  const c = loadConfig({ env: base, cwd: '/tmp' });
  assert.deepEqual(c.serviceProbes, []);
});

test('other schemes, bad ports, two probes of one unit are refused with SERVICE_PROBES named', () => {
  for (const bad of ['n8n.service=ftp://x/y', 'n8n.service=tcp://127.0.0.1:99999', 'n8n.service', 'n8n=http://x/', 'n8n.service=http://a/,n8n.service=tcp://a:1', 'n8n.service=http://a/|99']) {
    assert.throws(
      () => loadConfig({ env: { ...base, SERVICE_PROBES: bad }, cwd: '/tmp' }),
      (e: unknown) => e instanceof ConfigError && e.problems[0]?.variable === 'SERVICE_PROBES',
      bad,
    );
  }
});

test('a probe of a unit outside SERVICES_WHITELIST is refused, with the fix', () => {
  assert.throws(
    () => loadConfig({ env: { ...base, SERVICE_PROBES: 'ssh.service=tcp://127.0.0.1:22' }, cwd: '/tmp' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems[0]?.variable === 'SERVICE_PROBES' &&
      /"ssh\.service", which is not in SERVICES_WHITELIST/.test(e.problems[0].problem) &&
      /add the unit to SERVICES_WHITELIST/.test(e.problems[0].fix),
  );
});

test('DOCKER_WHITELIST: exact container names, deduplicated; a name Docker would refuse stops the start', () => {
  const c = loadConfig({ env: { ...base, DOCKER_WHITELIST: 'nextcloud, pihole,nextcloud' }, cwd: '/tmp' });
  assert.deepEqual(c.dockerWhitelist, ['nextcloud', 'pihole']);
  assert.equal(c.dockerSocket, '/var/run/docker.sock');
  assert.deepEqual(loadConfig({ env: base, cwd: '/tmp' }).dockerWhitelist, []);
  for (const bad of ['-rm', 'a b', '../x', 'x'.repeat(64)]) {
    assert.throws(() => loadConfig({ env: { ...base, DOCKER_WHITELIST: bad }, cwd: '/tmp' }), (err: unknown) => err instanceof ConfigError && err.message.includes('DOCKER_WHITELIST'), bad);
  }
});
