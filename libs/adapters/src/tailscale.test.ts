import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandError } from './command-error.js';
import type { Runner } from './runner.js';
import { parseTailscaleStatus, tailscaleStatus } from './tailscale.js';
import { sample } from './sample.test-helper.js';

test('a running node lists its own addresses, the tailnet and peers online first', () => {
  const s = parseTailscaleStatus(sample('tailscale-running.json'));
  assert.equal(s.backendState, 'Running');
  assert.deepEqual(s.self?.ips, ['100.101.102.103', 'fd7a:115c:a1e0::1234:5678']);
  assert.equal(s.self?.dnsName, 'potion-laptop.tail1a2b3.ts.net');
  assert.equal(s.tailnet, 'dre@example.com');
  assert.deepEqual(s.peers.map((p) => `${p.hostName}:${p.online}`), ['pixel-7:true', 'kantor-pc:false']);
});

test('a logged-out node with "Peer": null has no peers and says NeedsLogin', () => {
  const s = parseTailscaleStatus(sample('tailscale-nopeers.json'));
  assert.equal(s.backendState, 'NeedsLogin');
  assert.deepEqual(s.peers, []);
  assert.deepEqual(s.self?.ips, []);
  assert.equal(s.health.length, 1);
});

test('a missing tailscale CLI is "not installed", a stopped tailscaled is "not running"', async () => {
  const missing: Runner = async () => {
    throw new CommandError('tailscale', ['status', '--json'], 'not-found', undefined, undefined, '', '', 1);
  };
  assert.deepEqual(await tailscaleStatus(missing), { installed: false });
  const stopped: Runner = async () => {
    throw new CommandError('tailscale', ['status', '--json'], 'exit', 1, undefined, "failed to connect to local tailscaled; it doesn't appear to be running\n", '', 1);
  };
  const s = await tailscaleStatus(stopped);
  assert.equal(s.installed && !s.running && s.message.startsWith('failed to connect'), true);
});
