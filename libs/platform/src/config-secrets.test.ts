import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { configSecrets } from './config-secrets.js';
import { scrubSecrets } from './logger.js';

const none = { dashboard: { password: undefined } };

test('the Redis password of REDIS_URL is a secret the logs never show, next to the bot token', () => {
  const token = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';
  const secrets = configSecrets({ ...none, botToken: token, redisUrl: 'redis://potion:S3cretRedisPassw0rdS3cretRedisPassw0rd@127.0.0.1:6379' });
  assert.ok(secrets.includes('S3cretRedisPassw0rdS3cretRedisPassw0rd'));
  const line = scrubSecrets('connect redis://potion:S3cretRedisPassw0rdS3cretRedisPassw0rd@127.0.0.1:6379 failed; auth S3cretRedisPassw0rdS3cretRedisPassw0rd', secrets);
  assert.doesNotMatch(line, /S3cretRedisPassw0rd/);
  assert.deepEqual(configSecrets({ ...none, botToken: undefined, redisUrl: 'redis://127.0.0.1:6379' }), []);
  assert.deepEqual(configSecrets({ ...none, botToken: undefined, redisUrl: 'redis://potion:p%40ss@127.0.0.1:6379' }), ['p@ss', 'p%40ss']);
});

test('every variable declared secret is scrubbed: the bot token, the Redis password and the dashboard password from .env', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'potion-secrets-'));
  const token = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';
  const config = loadConfig({
    cwd,
    env: { BOT_TOKEN: token, ADMIN_IDS: '1', REDIS_URL: 'redis://potion:RedisPw-0123456789@127.0.0.1:6379', DASHBOARD_PASSWORD: 'dashboard-pw-0123456789' },
  });
  const line = scrubSecrets(`token ${token} redis RedisPw-0123456789 dashboard dashboard-pw-0123456789`, configSecrets(config));
  assert.doesNotMatch(line, /AAbbccdd|RedisPw-0123456789|dashboard-pw-0123456789/, line);
});
