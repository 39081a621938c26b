import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSecrets } from './config-secrets.js';
import { scrubSecrets } from './logger.js';

test('the Redis password of REDIS_URL is a secret the logs never show, next to the bot token', () => {
  const token = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';
  const secrets = configSecrets({ botToken: token, redisUrl: 'redis://potion:S3cretRedisPassw0rdS3cretRedisPassw0rd@127.0.0.1:6379' });
  assert.ok(secrets.includes('S3cretRedisPassw0rdS3cretRedisPassw0rd'));
  const line = scrubSecrets('connect redis://potion:S3cretRedisPassw0rdS3cretRedisPassw0rd@127.0.0.1:6379 failed; auth S3cretRedisPassw0rdS3cretRedisPassw0rd', secrets);
  assert.doesNotMatch(line, /S3cretRedisPassw0rd/);
  assert.deepEqual(configSecrets({ botToken: undefined, redisUrl: 'redis://127.0.0.1:6379' }), []);
  assert.deepEqual(configSecrets({ botToken: undefined, redisUrl: 'redis://potion:p%40ss@127.0.0.1:6379' }), ['p@ss', 'p%40ss']);
});
