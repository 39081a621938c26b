import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@potion/platform';
import { APP_MAIN, startAppProcess, waitFor } from '@potion/testkit';
import { auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

const cli = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));

/** The fix named when Redis cannot be reached (REDIS_UNREACHABLE_FIX in libs/jobs). */
const FIX = 'correct REDIS_URL in .env';
/** Lines of a process's output that are ioredis' own noise (an unhandled connection error). */
const noise = (out: string) => out.split('\n').filter((l) => /\[ioredis\]|Unhandled error event|^\s+at /.test(l));
const lines = (out: string, event: string) => out.split('\n').filter((l) => l.includes(`"event":"${event}"`));

// Item 4 of issue 21: no ioredis error listener, so every Redis outage flooded stderr.
describe('fault: Redis outages are one clear log line each, not a flood of stack traces', { timeout: 90_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('kill -9 of Redis: worker and bot each log one "down" line and one "back" line with its length, and no stack traces', async () => {
    await s.killRedis();
    await waitFor('both processes to log the outage', () => lines(s.workerOutput(), 'redis-down').length > 0 && lines(s.botOutput(), 'redis-down').length > 0, 15_000);
    await s.restartRedis();
    await waitFor('both processes to log that Redis is back', () => lines(s.workerOutput(), 'redis-back').length > 0 && lines(s.botOutput(), 'redis-back').length > 0, 20_000);
    for (const [name, out] of [['worker', s.workerOutput()], ['bot', s.botOutput()]] as const) {
      assert.equal(lines(out, 'redis-down').length, 1, `${name}: one down line`);
      const back = lines(out, 'redis-back');
      assert.equal(back.length, 1, `${name}: one back line`);
      assert.ok(Number((JSON.parse(back[0]!) as { downMs: number }).downMs) > 0, `${name}: the outage length`);
      assert.deepEqual(noise(out), [], `${name}: no ioredis noise:\n${out.split('\n').filter((l) => !l.startsWith('{')).slice(0, 30).join('\n')}`);
      // BullMQ's own error events of the same outage are not logged once per reconnect either.
      assert.deepEqual(out.split('\n').filter((l) => /ECONNREFUSED/.test(l) && !l.includes('"event":"redis-down"')), [], `${name}: the outage is said once`);
    }
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('an unreachable REDIS_URL: the worker says once what to fix, without noise; npm start says it instead of "using Redis"', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const w = startAppProcess(APP_MAIN.worker, { ...s.config.env, ...s.standins.env, REDIS_URL: url });
    await waitFor('the worker to name the fix', () => w.output().includes(FIX), 15_000);
    const { code } = await w.exited;
    assert.notEqual(code, 0);
    assert.equal(w.output().split('\n').filter((l) => l.includes(FIX)).length, 1, `one line with the fix:\n${w.output()}`);
    assert.deepEqual(noise(w.output()), []);

    const cwd = mkdtempSync(join(tmpdir(), 'potion-start-'));
    const child = spawn(process.execPath, [cli, 'start'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, REDIS_URL: url, DASHBOARD_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exit = await new Promise<number | null>((res) => child.once('close', (c) => res(c)));
    assert.equal(exit, 1);
    assert.doesNotMatch(out, /using Redis/);
    assert.equal(out.split('\n').filter((l) => l.includes(FIX)).length, 1, out);
    assert.deepEqual(noise(out), []);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
