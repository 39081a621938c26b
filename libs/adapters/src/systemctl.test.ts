import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShow } from './systemctl.js';
import { sample } from './sample.test-helper.js';

test('systemctl show: a running unit, a unit not found and a masked unit', () => {
  const [ok, missing, masked] = parseShow(sample('systemctl-show-odd.txt'), ['n8n.service', 'typo.service', 'cloudflared.service']);
  assert.deepEqual(ok, { unit: 'n8n.service', active: 'active', sub: 'running', load: 'loaded', found: true });
  assert.equal(missing!.found, false);
  assert.equal(missing!.load, 'not-found');
  assert.equal(masked!.found, true);
  assert.equal(masked!.load, 'masked');
  assert.equal(masked!.active, 'inactive');
});
