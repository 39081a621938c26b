import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { createRunner, parseUnitPaths, unitPaths } from '@potion/adapters';
import { createStandins } from '@potion/testkit';

/** Real `systemctl show -p Id -p WorkingDirectory -p ReadWritePaths -p ExecStart` of systemd 252 (the nspawn container of test:system). */
const real = readFileSync(new URL('../../../libs/adapters/samples/systemctl-show-paths.txt', import.meta.url), 'utf8');
const standins = createStandins();
after(() => standins.cleanup());

test('the systemctl stand-in prints the unit paths block word for word as the real systemd did, and the adapter reads both alike', async () => {
  standins.unit('n8n.service', 'failed failed');
  standins.unitPaths('n8n.service', { workingDirectory: '/home/n8n', readWritePaths: ['/var/lib/n8n', '-/srv/n8n-data'], execStart: ['/usr/bin/sleep infinity', '/bin/true'] });
  const args = ['show', '--no-pager', '-p', 'Id', '-p', 'WorkingDirectory', '-p', 'ReadWritePaths', '-p', 'ExecStart', '--', 'n8n.service', 'missing.service'];
  const out = execFileSync('systemctl', args, { env: { ...process.env, ...standins.env }, encoding: 'utf8' });
  const realBlocks = real.split('\n\n');
  assert.equal(out, `${realBlocks[0]}\n\n${realBlocks[3]}\n`);
  const fromStandin = await unitPaths(createRunner({ env: { ...process.env, ...standins.env } }), ['n8n.service', 'missing.service']);
  assert.deepEqual(fromStandin, parseUnitPaths(real, ['n8n.service', 'missing.service']));
});
