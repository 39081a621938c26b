import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'potion-config-alerts-'));

describe('alert configuration', () => {
  it('defaults to the PRD thresholds, a 15-minute reminder and the 1.1.1.1:53 internet check', () => {
    const a = loadConfig({ env: {}, cwd: cwd() }).alerts;
    assert.equal(a.cpuPercent, 90);
    assert.equal(a.cpuForMs, 5 * 60_000);
    assert.equal(a.ramMinBytes, 500 * 1024 * 1024);
    assert.equal(a.diskPercent, 90);
    assert.equal(a.tempC, 85);
    assert.equal(a.tempForMs, 3 * 60_000);
    assert.equal(a.remindMs, 15 * 60_000);
    assert.deepEqual(a.netTarget, { host: '1.1.1.1', port: 53 });
  });

  it('"off" switches the internet check off, and short windows can be set for tests', () => {
    const a = loadConfig({ env: { NET_CHECK_TARGET: 'off', ALERT_CPU_FOR_SEC: '0', ALERT_REMIND_MIN: '1' }, cwd: cwd() }).alerts;
    assert.equal(a.netTarget, undefined);
    assert.equal(a.cpuForMs, 0);
    assert.equal(a.remindMs, 60_000);
  });

  it('a bad value names the variable and the fix', () => {
    assert.throws(
      () => loadConfig({ env: { NET_CHECK_TARGET: '1.1.1.1', ALERT_CPU_PERCENT: '150' }, cwd: cwd() }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /NET_CHECK_TARGET: must be host:port.*Fix: host:port that answers TCP/);
        assert.match(err.message, /ALERT_CPU_PERCENT: .*Fix: a whole percent such as 90/);
        return true;
      },
    );
  });

  it('HOST_SILENT_MIN: 3 minutes past a due heartbeat by default; 0 or a word names the variable and the fix', () => {
    const c = loadConfig({ env: {}, cwd: cwd() });
    assert.equal(c.alerts.hostSilentMs, 3 * 60_000);
    assert.equal(c.hostRole, 'main');
    assert.equal(loadConfig({ env: { HOST_SILENT_MIN: '10', HOST_ROLE: 'joined' }, cwd: cwd() }).hostRole, 'joined');
    for (const bad of ['0', 'tiga']) {
      assert.throws(
        () => loadConfig({ env: { HOST_SILENT_MIN: bad, HOST_ROLE: 'second' }, cwd: cwd() }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /HOST_SILENT_MIN: .*Fix: whole minutes such as 3: how long past its due heartbeat/);
          assert.match(err.message, /HOST_ROLE: .*Fix: HOST_ROLE="main" on the machine that runs the bot/);
          return true;
        },
      );
    }
  });
});
