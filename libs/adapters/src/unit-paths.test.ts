import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUnitPaths } from './unit-paths.js';
import { sample } from './sample.test-helper.js';

test('systemctl show paths: real systemd 252 output (two ExecStart, "!" and "~" directories, "-" paths, a missing unit)', () => {
  const units = ['n8n.service', 'dash.service', 'home.service', 'missing.service', 'cron.service', 'redis-server.service'];
  const [n8n, dash, home, missing, cron, redis] = parseUnitPaths(sample('systemctl-show-paths.txt'), units);
  assert.deepEqual(n8n, { unit: 'n8n.service', workingDirectory: '/home/n8n', readWritePaths: ['/var/lib/n8n', '/srv/n8n-data'], execPaths: ['/usr/bin/sleep', '/bin/true'] });
  assert.deepEqual(dash, { unit: 'dash.service', workingDirectory: '/opt/My App', readWritePaths: [], execPaths: ['/opt/My App/bin/run'] });
  assert.deepEqual(home, { unit: 'home.service', readWritePaths: [], execPaths: ['/usr/bin/sleep'] });
  assert.deepEqual(missing, { unit: 'missing.service', readWritePaths: [], execPaths: [] });
  assert.deepEqual(cron, { unit: 'cron.service', readWritePaths: [], execPaths: ['/usr/sbin/cron'] });
  assert.deepEqual(redis!.readWritePaths, ['/var/lib/redis', '/var/log/redis', '/var/run/redis', '/etc/redis']);
});

test('systemctl show paths: blocks are matched by Id, not by position', () => {
  const out = 'WorkingDirectory=/b\nId=b.service\n\nWorkingDirectory=/a\nId=a.service\n';
  assert.deepEqual(parseUnitPaths(out, ['a.service', 'b.service']).map((u) => u.workingDirectory), ['/a', '/b']);
});
