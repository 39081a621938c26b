import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

const dir = () => mkdtempSync(join(tmpdir(), 'potion-config-'));
const TOKEN = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';

describe('config loader', () => {
  it('with no .env at all, paths default to a folder inside the working directory', () => {
    const cwd = dir();
    const c = loadConfig({ env: {}, cwd });
    assert.equal(c.dataDir, join(cwd, '.potion'));
    assert.equal(c.logDir, join(cwd, '.potion', 'logs'));
    assert.equal(c.backupDir, join(cwd, '.potion', 'backups'));
    assert.equal(c.dashboard.port, 7070);
    assert.equal(c.dashboard.host, '127.0.0.1');
    assert.equal(c.botToken, undefined);
    assert.equal(c.envFile, undefined);
  });

  it('reads .env and lets the process environment override it', () => {
    const cwd = dir();
    writeFileSync(join(cwd, '.env'), `BOT_TOKEN="${TOKEN}"\nADMIN_IDS=1,2\nDASHBOARD_PORT=8080\nSERVICES_WHITELIST="n8n.service, cloudflared.service"\n`, { mode: 0o600 });
    const c = loadConfig({ env: { DASHBOARD_PORT: '9090' }, cwd });
    assert.equal(c.botToken, TOKEN);
    assert.deepEqual(c.adminIds, [1, 2]);
    assert.equal(c.dashboard.port, 9090);
    assert.deepEqual(c.servicesWhitelist, ['n8n.service', 'cloudflared.service']);
    assert.equal(c.envFile, join(cwd, '.env'));
  });

  it('an .env that group or others can read (or write) stops the start with the chmod that fixes it', () => {
    const cwd = dir();
    const file = join(cwd, '.env');
    writeFileSync(file, `BOT_TOKEN="${TOKEN}"\nADMIN_IDS=1\n`, { mode: 0o600 });
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o660]) {
      chmodSync(file, mode);
      const err = (() => {
        try {
          loadConfig({ env: {}, cwd });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(err instanceof ConfigError, `mode ${mode.toString(8)} is refused`);
      assert.match(err.message, new RegExp(`mode ${mode.toString(8)}`));
      assert.ok(err.message.includes(`chmod 600 ${file}`), err.message);
      assert.ok(!err.message.includes(TOKEN), 'the message does not show the token');
    }
    chmodSync(file, 0o600);
    assert.equal(loadConfig({ env: {}, cwd }).botToken, TOKEN);
    chmodSync(file, 0o400);
    assert.equal(loadConfig({ env: {}, cwd }).botToken, TOKEN, 'read-only for the owner is fine too');
  });

  it('an empty value in the environment counts as unset and does not hide the .env value', () => {
    const cwd = dir();
    writeFileSync(join(cwd, '.env'), 'DASHBOARD_PORT=8080\n', { mode: 0o600 });
    assert.equal(loadConfig({ env: { DASHBOARD_PORT: '' }, cwd }).dashboard.port, 8080);
    assert.equal(loadConfig({ env: { HDD_MOUNT: '' }, cwd: dir() }).hddMount, '/mnt/potion-data');
  });

  it('a bad value stops with one message naming each variable, the problem and the fix', () => {
    const cwd = dir();
    const err = (() => {
      try {
        loadConfig({ env: { DASHBOARD_PORT: 'seventy', ADMIN_IDS: '12,abc', SERVICES_WHITELIST: '-H evil' }, cwd });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof ConfigError);
    const vars = err.problems.map((p) => p.variable).sort();
    assert.deepEqual(vars, ['ADMIN_IDS', 'DASHBOARD_PORT', 'SERVICES_WHITELIST']);
    assert.match(err.message, /ADMIN_IDS: "abc" is not a numeric Telegram user id\. Fix: .*ADMIN_IDS="12345678/);
    assert.match(err.message, /SERVICES_WHITELIST: "-H evil": not a systemd unit name/);
    assert.match(err.message, /DASHBOARD_PORT: .*Fix: a port number/);
  });

  it('several bad variables from different areas are listed in one fixed order, each with its own fix', () => {
    let err: unknown;
    try {
      loadConfig({ env: { ALERT_CPU_PERCENT: '150', BACKUP_TIME: '25:00', DASHBOARD_PORT: 'x', TELEGRAM_API_ROOT: 'nope', REDIS_URL: 'http://x', ADMIN_IDS: 'abc' }, cwd: dir() });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigError, String(err));
    assert.deepEqual(
      err.problems.map((p) => p.variable),
      ['ADMIN_IDS', 'REDIS_URL', 'TELEGRAM_API_ROOT', 'DASHBOARD_PORT', 'BACKUP_TIME', 'ALERT_CPU_PERCENT'],
    );
    assert.match(err.message, /REDIS_URL: must start with redis:\/\/, rediss:\/\/ or unix:\/\/\. Fix: e\.g\. REDIS_URL="redis:\/\/127\.0\.0\.1:6379"/);
    assert.match(err.message, /TELEGRAM_API_ROOT: must be a URL such as https:\/\/api\.telegram\.org\. Fix: leave it empty for the official API/);
    assert.match(err.message, /BACKUP_TIME: must be a time HH:MM such as 02:30\. Fix: the daily backup time in 24-hour HH:MM/);
  });

  it('a variable without a fix of its own gets the generic one', () => {
    assert.throws(
      () => loadConfig({ env: { SAMPLE_INTERVAL_SEC: '0' }, cwd: dir() }),
      (e: unknown) => e instanceof ConfigError && /SAMPLE_INTERVAL_SEC: .*\. Fix: correct the value or remove it to use the default/.test(e.message),
    );
  });

  it('every bad ADMIN_IDS entry is named, not only the first', () => {
    assert.throws(
      () => loadConfig({ env: { ADMIN_IDS: '12,abc,34,@me, 5x' }, cwd: dir() }),
      (e: unknown) => e instanceof ConfigError && /ADMIN_IDS: "abc", "@me" and "5x" are not numeric Telegram user ids\. Fix: /.test(e.message),
    );
  });

  it('a bot token without any admin is refused, so nobody is locked out silently', () => {
    assert.throws(() => loadConfig({ env: { BOT_TOKEN: TOKEN }, cwd: dir() }), (e: unknown) => e instanceof ConfigError && e.problems[0]?.variable === 'ADMIN_IDS');
  });

  it('a malformed token is named without echoing it', () => {
    assert.throws(
      () => loadConfig({ env: { BOT_TOKEN: 'not-a-token', ADMIN_IDS: '1' }, cwd: dir() }),
      (e: unknown) => e instanceof ConfigError && /BOT_TOKEN: does not look like a bot token/.test(e.message) && !e.message.includes('not-a-token'),
    );
  });

  it('viewers who are also admins count as admins only', () => {
    const c = loadConfig({ env: { ADMIN_IDS: '1', VIEWER_IDS: '1,2' }, cwd: dir() });
    assert.deepEqual(c.viewerIds, [2]);
  });

  it('ENV_FILE points at another .env', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'custom.env'), 'HOST_ID=laptop\n', { mode: 0o600 });
    assert.equal(loadConfig({ env: { ENV_FILE: 'custom.env' }, cwd }).hostId, 'laptop');
  });
});

describe('where a wrong value came from', () => {
  it('a value from the process environment (a unit Environment=) is not blamed on the .env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-config-src-'));
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'DASHBOARD_PORT=7070\n', { mode: 0o600 });
    let err: unknown;
    try {
      loadConfig({ env: { ENV_FILE: envFile, DASHBOARD_PORT: 'not-a-port' }, cwd: dir });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigError, String(err));
    assert.doesNotMatch(err.message, new RegExp(envFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), err.message);
    assert.match(err.message, /process environment \(DASHBOARD_PORT: set by the systemd unit or the shell\)/);
  });

  it('a value from the .env file names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-config-src-'));
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'DASHBOARD_PORT=not-a-port\n', { mode: 0o600 });
    assert.throws(() => loadConfig({ env: { ENV_FILE: envFile }, cwd: dir }), (e: unknown) => e instanceof ConfigError && e.message.includes(envFile));
  });
});
