import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RedisSetupError } from './errors.js';
import { PrivateRedis } from './redis-server.js';

describe('private redis-server', () => {
  it('when redis-server is not installed, says so in one line with the install command', async () => {
    const r = new PrivateRedis({ dir: mkdtempSync(join(tmpdir(), 'potion-nr-')), command: 'potion-no-such-redis-server' });
    await assert.rejects(r.start(), (e: unknown) => e instanceof RedisSetupError && /not installed/.test(e.message) && /apt-get install -y redis-server/.test(e.message) && !e.message.includes('\n'));
  });

  it('never takes port 6379, which belongs to a system Redis', async () => {
    const r = new PrivateRedis({ dir: mkdtempSync(join(tmpdir(), 'potion-nr-')), port: 6379 });
    await assert.rejects(r.start(), /never uses port 6379/);
  });
});
