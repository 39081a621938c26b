import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDefaultRoutes, parseIpAddr } from './ip.js';
import { sample } from './sample.test-helper.js';

test('ip -j addr of a laptop gives each interface with its addresses', () => {
  const ifs = parseIpAddr(sample('ip-addr-laptop.json'));
  assert.deepEqual(ifs.map((i) => i.name), ['lo', 'enp2s0', 'wlp3s0', 'docker0']);
  assert.equal(ifs[0]!.loopback, true);
  const wifi = ifs.find((i) => i.name === 'wlp3s0')!;
  assert.equal(wifi.state, 'UP');
  assert.equal(wifi.mac, 'b8:ee:65:1c:2d:3e');
  assert.deepEqual(wifi.addresses.map((a) => `${a.family} ${a.address}/${a.prefixLength} ${a.scope}`), [
    'inet 192.168.1.23/24 global',
    'inet6 fe80::5a1c:2d3e:4f50:6172/64 link',
  ]);
  assert.deepEqual(ifs.find((i) => i.name === 'enp2s0')!.addresses, []);
});

test('the empty {} entries iproute2 prints in addr_info are skipped', () => {
  const docker = parseIpAddr(sample('ip-addr-laptop.json')).find((i) => i.name === 'docker0')!;
  assert.equal(docker.addresses.length, 1);
});

test('an IPv6-only machine gives only inet6 addresses', () => {
  const ifs = parseIpAddr(sample('ip-addr-ipv6-only.json'));
  const eth = ifs.find((i) => i.name === 'enp2s0')!;
  assert.ok(eth.addresses.every((a) => a.family === 'inet6'));
  assert.equal(eth.addresses.find((a) => a.scope === 'global')?.address, '2001:db8:1234:5600:12c3:7bff:fe4a:1102');
});

test('default routes: gateway and device; no route prints []', () => {
  assert.deepEqual(parseDefaultRoutes('[{"dst":"default","gateway":"192.168.1.1","dev":"wlp3s0","protocol":"dhcp","metric":600,"flags":[]}]\n'), [
    { gateway: '192.168.1.1', dev: 'wlp3s0' },
  ]);
  assert.deepEqual(parseDefaultRoutes('[]\n'), []);
  assert.deepEqual(parseDefaultRoutes(''), []);
});
