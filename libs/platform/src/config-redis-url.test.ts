import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

// Issue 18: Redis across machines only over loopback, Tailscale or TLS. A worker (any app)
// refuses a clear-text redis:// URL to another address when it reads its configuration.

const load = (url: string) => loadConfig({ env: { REDIS_URL: url }, cwd: mkdtempSync(join(tmpdir(), 'potion-config-')) });

test('redis:// to loopback or a Tailscale address is accepted; rediss:// and unix:// anywhere', () => {
  for (const url of [
    'redis://127.0.0.1:6379',
    'redis://potion:pw@127.0.0.2:6380/0',
    'redis://localhost:6379',
    'redis://[::1]:6379',
    'redis://worker-pi:pw@100.64.0.1:6379',
    'redis://worker-pi:pw@100.127.255.254:6379',
    'redis://[fd7a:115c:a1e0::1]:6379',
    'rediss://worker-pi:pw@192.168.1.10:6380',
    'rediss://redis.example.net:6380',
    'unix:///run/redis/redis.sock',
  ]) assert.equal(load(url).redisUrl, url, url);
});

test('redis:// to a LAN, public, non-Tailscale CGNAT address or a host name is refused with the reason and the fix', () => {
  for (const host of ['192.168.1.10', '10.0.0.5', '8.8.8.8', '100.63.255.255', '100.128.0.1', '[fd7a:115c:a1e1::1]', '[2001:db8::1]', 'laptop', 'laptop.tailnet.ts.net']) {
    const url = `redis://worker-pi:Secret0123456789@${host}:6379`;
    assert.throws(
      () => load(url),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, String(err));
        assert.match(
          err.message,
          new RegExp(
            `REDIS_URL: redis:// to ${host.replace(/[.[\]]/g, '\\$&')} would send the queue \\(and the password\\) in the clear over the network: only loopback or a Tailscale address \\(100\\.64\\.0\\.0/10, fd7a:115c:a1e0::/48\\) may use redis://\\. Fix: use the main machine's Tailscale address \\(tailscale ip -4 on it\\), or rediss:// with TLS`,
          ),
        );
        assert.doesNotMatch(err.message, /Secret0123456789/, 'the password is not shown');
        return true;
      },
      host,
    );
  }
});
