import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveWatchdog, watchdogTick, type WatchdogState } from './watchdog.js';
import { formatNotify, watchdogMsFromEnv } from './sd-notify.js';
import { sockaddrUn } from './unix-dgram.js';

const o = resolveWatchdog({ watchdogMs: 60_000 });

test('a 60 s watchdog pings every 30 s, ticks every second and treats a 30 s freeze as stuck', () => {
  assert.deepEqual(o, { watchdogMs: 60_000, pingEveryMs: 30_000, tickMs: 1000, maxLagMs: 30_000 });
});

test('ticks on time ping once per window', () => {
  let s: WatchdogState = { lastTickAt: 0, windowStartAt: 0, worstLagMs: 0 };
  const actions: string[] = [];
  for (let t = 1000; t <= 60_000; t += 1000) {
    const r = watchdogTick(s, t, o);
    s = r.state;
    actions.push(r.action);
  }
  assert.equal(actions.filter((a) => a === 'ping').length, 2);
  assert.equal(actions.filter((a) => a === 'skip').length, 0);
});

test('a window in which the timer fired more than maxLag late withholds its ping, and the next window pings again', () => {
  let s: WatchdogState = { lastTickAt: 0, windowStartAt: 0, worstLagMs: 0 };
  let r = watchdogTick(s, 1000, o);
  s = r.state;
  r = watchdogTick(s, 1000 + 1000 + 35_000, o); // the loop froze for 35 s
  assert.equal(r.action, 'skip');
  assert.ok(r.lagMs >= 35_000);
  s = r.state;
  let pinged = false;
  const resumedAt = s.lastTickAt;
  for (let t = resumedAt + 1000; t <= resumedAt + 31_000; t += 1000) {
    const x = watchdogTick(s, t, o);
    s = x.state;
    if (x.action === 'ping') pinged = true;
  }
  assert.ok(pinged);
});

test('a short hiccup below maxLag still pings', () => {
  const s: WatchdogState = { lastTickAt: 29_000, windowStartAt: 0, worstLagMs: 2000 };
  assert.equal(watchdogTick(s, 30_000, o).action, 'ping');
});

test('WATCHDOG_USEC is read in microseconds and ignored when WATCHDOG_PID is another process', () => {
  assert.equal(watchdogMsFromEnv({ WATCHDOG_USEC: '60000000' }, 42), 60_000);
  assert.equal(watchdogMsFromEnv({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' }, 42), 60_000);
  assert.equal(watchdogMsFromEnv({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '7' }, 42), undefined);
  assert.equal(watchdogMsFromEnv({}, 42), undefined);
});

test('notify messages are KEY=VALUE lines', () => {
  assert.equal(formatNotify({ READY: '1', STATUS: 'two\nlines' }), 'READY=1\nSTATUS=two lines');
});

test('sockaddr_un is NUL-terminated for a path and starts with NUL for an abstract "@" name', () => {
  const p = sockaddrUn('/run/systemd/notify');
  assert.equal(p.length, 2 + '/run/systemd/notify'.length + 1);
  assert.equal(p.at(-1), 0);
  const a = sockaddrUn('@potion');
  assert.equal(a.length, 2 + 1 + 'potion'.length);
  assert.equal(a[2], 0);
  assert.throws(() => sockaddrUn(`/${'x'.repeat(200)}`), RangeError);
});
