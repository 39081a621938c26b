import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetOfArgument } from './logs.js';

test('/logs takes runtime, dmesg or a whitelisted unit (with or without .service) and nothing else', () => {
  const units = ['n8n.service', 'cloudflared.service'];
  assert.deepEqual(targetOfArgument('runtime', units), { source: 'runtime' });
  assert.deepEqual(targetOfArgument(' DMESG ', units), { source: 'dmesg' });
  assert.deepEqual(targetOfArgument('n8n', units), { source: 'journal', unit: 'n8n.service' });
  assert.deepEqual(targetOfArgument('cloudflared.service', units), { source: 'journal', unit: 'cloudflared.service' });
  for (const bad of ['sshd.service', '../x', '-H evil', 'a;reboot', '']) assert.equal(targetOfArgument(bad, units), undefined, bad);
});
