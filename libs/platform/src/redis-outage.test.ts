import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { isRedisConnectionError, RedisOutages, REDIS_UNREACHABLE_FIX } from './redis-outage.js';

/** Records what the tracker logs. */
function recorder(): { log: Logger; lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, fields, msg });
  const child = { error: at('error'), warn: at('warn'), info: at('info') };
  return { log: { child: () => child } as unknown as Logger, lines };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

describe('Redis outage tracker', () => {
  it('says an outage once for all connections and every retry, and once that Redis is back, with its length', () => {
    const t = new RedisOutages();
    const { log, lines } = recorder();
    t.useLogger(log);
    const a = new EventEmitter();
    const b = new EventEmitter();
    t.watch(a as unknown as Redis, 'redis://:secret@127.0.0.1:6390');
    t.watch(b as unknown as Redis, 'redis://:secret@127.0.0.1:6390');
    a.emit('ready');
    b.emit('ready');
    for (let i = 0; i < 50; i++) {
      a.emit('error', refused());
      b.emit('error', refused());
    }
    assert.equal(t.down, true);
    a.emit('ready');
    assert.equal(lines.filter((l) => l.fields.event === 'redis-back').length, 0, 'not back while one connection still waits');
    b.emit('ready');
    assert.deepEqual(lines.map((l) => l.fields.event), ['redis-down', 'redis-back']);
    assert.equal(typeof lines[1]?.fields.downMs, 'number');
    assert.doesNotMatch(JSON.stringify(lines), /secret/, 'no password in the log');
  });

  it('before Redis was ever reached, names the fix once', () => {
    const t = new RedisOutages();
    const { log, lines } = recorder();
    t.useLogger(log);
    const a = new EventEmitter();
    t.watch(a as unknown as Redis, 'redis://127.0.0.1:6390');
    for (let i = 0; i < 20; i++) a.emit('error', refused());
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'error');
    assert.ok(lines[0]?.msg.includes(REDIS_UNREACHABLE_FIX));
  });

  it('tells connection errors from other errors', () => {
    assert.equal(isRedisConnectionError(refused()), true);
    assert.equal(isRedisConnectionError(new Error('Connection is closed.')), true);
    assert.equal(isRedisConnectionError(new Error('ERR unknown command')), false);
  });
});
