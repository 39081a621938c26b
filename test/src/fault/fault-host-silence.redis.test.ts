import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clock, duration, hostKeys, keys } from '@potion/jobs';
import { APP_MAIN, startAppProcess, testConfig, waitFor, type AppProcess } from '@potion/testkit';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';

const MIN = 60_000;
const pi = hostKeys('pi');
/** A cold start of the worker on a loaded 2-core machine: a bound, not a pace. */
const READY_MS = 45_000;

/**
 * The machine that lost power: a joined host's real worker process sends heartbeats, is killed
 * with SIGKILL (no clean stop, no last word), and the main host's worker (in this process, its
 * clock driven by the test) says so after the window; the process back is the recovery.
 */
describe('fault: a joined host loses power (its worker process killed -9), the main host notices', { timeout: 170_000 }, () => {
  let h: AlertHarness;
  let proc: AppProcess | undefined;
  const piCfg = testConfig({ HOST_ID: 'pi', HOST_ROLE: 'joined', HEARTBEAT_INTERVAL_SEC: '60', SAMPLE_INTERVAL_SEC: '3600', NET_CHECK_TARGET: 'off', ADMIN_IDS: '1001,1002' });
  const startPi = () => startAppProcess(APP_MAIN.worker, { ...piCfg.env, REDIS_URL: h.redis.url });
  const heartbeat = async () => Number((await h.conn.get(pi.heartbeat)) ?? 0);

  before(async () => {
    h = await startAlertHarness({ HEARTBEAT_INTERVAL_SEC: '60', HOST_SILENT_MIN: '3' });
    // `potion hosts add pi` on the main machine.
    await h.conn.hset(keys.hosts, 'pi', JSON.stringify({ name: 'pi', addedAt: Date.now() }));
  });
  after(async () => {
    await proc?.stop(3000);
    await h?.stop();
  });

  it('heartbeats stop with the process: "tidak terdengar" after the window, not before; back: "terdengar lagi"', async () => {
    proc = startPi();
    const last = await waitFor('the first heartbeat of pi', async () => (await heartbeat()) || undefined, READY_MS);
    proc.child.kill('SIGKILL');
    await proc.exited;
    assert.equal(await heartbeat(), last, 'a killed worker sends nothing more');

    h.clock.now = last + 4 * MIN - 1000;
    await h.run('health.hosts', {});
    assert.deepEqual(await h.alerts(), [], 'not before HEARTBEAT_INTERVAL_SEC + HOST_SILENT_MIN');
    h.clock.now = last + 4 * MIN;
    await h.run('health.hosts', {});
    const fired = await h.alerts();
    assert.deepEqual(fired.map((a) => a.chatId).sort(), [1001, 1002]);
    assert.equal(fired[0]!.text, `🔌 <b>pi</b> tidak terdengar sejak ${clock(last, h.cfg.timezone)}. Mungkin listriknya padam, internetnya putus, atau worker-nya mati; cek mesinnya ya.`);

    proc = startPi();
    // The restarted worker says it is alive at once (real time, seconds after `last`), then on
    // its schedule, one interval after `last`. Main's clock was moved 4 minutes ahead of real
    // time to find the silence, so the sign of life it can call fresh is the scheduled one.
    const back = await waitFor('the scheduled heartbeat of pi after its restart', async () => ((await heartbeat()) >= last + MIN ? heartbeat() : undefined), READY_MS + MIN);
    h.clock.now = Math.max(back, h.clock.now + 1000);
    await h.run('health.hosts', {});
    const recovered = (await h.alerts()).slice(fired.length);
    assert.deepEqual(recovered.map((a) => a.text), Array(2).fill(`✅ <b>pi</b> terdengar lagi (${duration(h.clock.now - last)} hilang).`));
    assert.equal(await h.conn.exists(h.app.deps.keys.alert('host.pi')), 0);
  });
});
