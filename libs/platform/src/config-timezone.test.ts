import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './errors.js';
import { loadConfig } from './config.js';

const base = { ENV_FILE: '/nonexistent/.env', DATA_DIR: '/tmp/potion-cfg' };

// Decision 052: TIMEZONE becomes the process's TZ, and V8 takes an unknown zone for UTC without
// a word (Intl threw), so a typo must stop at the config instead of showing every time in UTC.
test('an unknown TIMEZONE is refused with the variable named; known ones load', () => {
  for (const bad of ['Asia/Makasar', 'garbage', '../../etc/passwd', 'Asia/']) {
    assert.throws(
      () => loadConfig({ env: { ...base, TIMEZONE: bad }, cwd: '/tmp' }),
      (e: unknown) => e instanceof ConfigError && e.problems[0]?.variable === 'TIMEZONE',
      bad,
    );
  }
  for (const good of ['Asia/Makassar', 'Asia/Jayapura', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3']) {
    assert.equal(loadConfig({ env: { ...base, TIMEZONE: good }, cwd: '/tmp' }).timezone, good);
  }
});
