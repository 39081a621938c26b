import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './errors.js';
import { loadConfig } from './config.js';

const base = { ENV_FILE: '/nonexistent/.env', DATA_DIR: '/tmp/potion-cfg', SERVICES_WHITELIST: 'n8n.service,web.service' };

test('BACKUP_SERVICE_PATHS: unit=/path pairs, a unit may repeat, trailing slashes dropped; empty by default', () => {
  assert.deepEqual(loadConfig({ env: base, cwd: '/tmp' }).backup.servicePaths, []);
  const c = loadConfig({ env: { ...base, BACKUP_SERVICE_PATHS: 'n8n.service=/home/n8n/.n8n/, n8n.service=/srv/n8n,web.service=/var/www' }, cwd: '/tmp' });
  assert.deepEqual(c.backup.servicePaths, [
    { unit: 'n8n.service', path: '/home/n8n/.n8n' },
    { unit: 'n8n.service', path: '/srv/n8n' },
    { unit: 'web.service', path: '/var/www' },
  ]);
});

test('BACKUP_SERVICE_PATHS: a relative or ".." path, a missing unit, or a unit outside the whitelist is refused with the variable named', () => {
  for (const bad of ['n8n.service=srv/n8n', 'n8n.service=/srv/../etc', '/srv/n8n', '=/srv/n8n', 'sshd.service=/etc/ssh']) {
    assert.throws(
      () => loadConfig({ env: { ...base, BACKUP_SERVICE_PATHS: bad }, cwd: '/tmp' }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.variable === 'BACKUP_SERVICE_PATHS'),
      bad,
    );
  }
});
