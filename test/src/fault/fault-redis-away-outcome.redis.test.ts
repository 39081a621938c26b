import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@potion/testkit';
import { ADMIN, auditPath, jsonLines, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

/** A real `apt-get upgrade`, not the `apt-get -s dist-upgrade` that counts the security updates. */
const isUpgrade = (c: string): boolean => c.includes('upgrade') && !c.split(' ').includes('-s');

// Items 2 and 10 of issue 21: Redis away longer than the job lock (JOB_LOCK_MS 1 s stands for
// the default 30 s) while a must-not-repeat job runs. The worker never dies: the job has one
// outcome, recorded once, told once, and nobody says the worker died.
describe('fault: Redis is away longer than the job lock while a must-not-repeat job runs', { timeout: 90_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { JOB_LOCK_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  const auditOf = (requestId: string) => jsonLines(auditPath(s.config)).filter((l) => l.requestId === requestId).map((l) => l.outcome);
  const chatTexts = (needle: RegExp) => s.fake.calls.filter((c) => c.status === 200 && c.params.chat_id === ADMIN && needle.test(String(c.text ?? '')));

  it('Redis stopped past the lock while a restart runs, back before it ends: one ok, one result, no "interrupted", no "worker died"', async () => {
    // Each systemctl call takes 4 s: the restart (Redis goes away at its start, for longer
    // than the 1 s lock), then the status check (Redis is back; BullMQ's stalled checker sees
    // a job whose lock ran out while its worker still runs it).
    s.standins.delay('systemctl', 4);
    const restartsBefore = s.standins.calls('sudo').filter((c) => c.includes('restart -- n8n.service')).length;
    const showsBefore = s.standins.calls('systemctl').filter((c) => c.startsWith('show')).length;
    const id = await s.producer.enqueue('service.restart', { unit: 'n8n.service' }, s.meta('away-lock'), { authorizedAt: Date.now() });
    await waitFor('the restart to reach sudo systemctl', () => s.standins.calls('sudo').filter((c) => c.includes('restart -- n8n.service')).length > restartsBefore);
    await s.redis.server.stop();
    try {
      await waitFor('the handler to check the unit after the restart', () => s.standins.calls('systemctl').filter((c) => c.startsWith('show')).length > showsBefore, 15_000);
    } finally {
      await s.restartRedis();
      s.standins.delay('systemctl', undefined);
    }
    const ended = await waitFor('the job to leave active', async () => {
      const st = await s.producer.queue('once').getJobState(id);
      return st === 'completed' || st === 'failed' ? st : undefined;
    }, 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${s.workerOutput().split('\n').filter((l) => /stall|lock|interrupt|error/i.test(l)).join('\n')}`);
    });
    // A job failed as stalled (its lock ran out while Redis was away): the worker's reporter answers.
    if (ended === 'failed') await waitFor('the stalled verdict to be handled', () => /must-not-repeat job was interrupted|not reporting it as interrupted/.test(s.workerOutput()), 20_000);
    const result = await s.fake.waitForCall((c) => c.status === 200 && c.params.chat_id === ADMIN && /n8n\.service sudah di-restart/.test(String(c.text)), 15_000, 'the restart result');
    assert.ok(result);
    assert.deepEqual(auditOf('away-lock'), ['started', 'ok']);
    assert.equal(chatTexts(/terputus|worker sempat mati/).length, 0, 'nobody is told the worker died');
    assert.doesNotMatch(s.workerOutput(), /its worker died\)/, 'the worker does not say a worker died');
    assert.equal(s.standins.calls('sudo').filter((c) => c.includes('restart -- n8n.service')).length - restartsBefore, 1, 'restarted once');
    const checked = await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
    assert.ok(checked.fromChats >= 1, 'the property saw the request and its chat');
  });

  it('Redis stopped (SIGTERM) when the upgrade result is ready: the result is kept on disk and told once when Redis is back', async () => {
    s.standins.set('apt/upgradable', 'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5\n');
    s.standins.delay('apt-get', 2);
    const kept = join(s.config.dataDir, 'outbox-kept');
    const from = s.fake.calls.length;
    const id = await s.producer.enqueue('update.apt', {}, s.meta('away-result'), { authorizedAt: Date.now() });
    await waitFor('apt-get upgrade to start', () => s.standins.calls('apt-get').some(isUpgrade), 15_000);
    await s.redis.server.stop();
    try {
      // The upgrade ends while Redis is away: its result cannot be queued, so it waits on disk.
      await waitFor('the result to be kept on disk', () => readdirSync(kept).some((f) => f.endsWith('.json')), 15_000);
      assert.deepEqual(auditOf('away-result'), ['started', 'ok']);
    } finally {
      s.standins.delay('apt-get', undefined);
      await s.restartRedis();
    }
    const result = await s.fake.waitForCall(
      (c) => s.fake.calls.indexOf(c) >= from && c.status === 200 && c.params.chat_id === ADMIN && /curl/.test(String(c.text)),
      20_000,
      'the upgrade result',
    );
    assert.match(String(result.text), /curl → 8\.5\.0-2ubuntu10\.5/);
    await waitFor('the kept message to be gone', () => readdirSync(kept).filter((f) => f.endsWith('.json')).length === 0);
    await waitFor('the job to end', async () => ['completed', 'failed'].includes(await s.producer.queue('once').getJobState(id)), 15_000);
    // The stalled verdict (the lock ran out while Redis was away) is handled, and changes nothing.
    if ((await s.producer.queue('once').getJobState(id)) === 'failed') {
      await waitFor('the stalled verdict to be handled', () => s.workerOutput().includes('not reporting it as interrupted') || /must-not-repeat job was interrupted/.test(s.workerOutput()), 20_000);
    }
    assert.deepEqual(auditOf('away-result'), ['started', 'ok']);
    assert.equal(chatTexts(/terputus|worker sempat mati/).length, 0, 'nobody is told the worker died');
    assert.equal(s.standins.calls('apt-get').filter(isUpgrade).length, 1, 'upgraded once');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('the worker is killed (kill -9) while its kept result waits for Redis: the next worker delivers it once, and nobody calls the job interrupted', async () => {
    s.standins.set('apt/upgradable', 'openssl 3.0.13-0ubuntu3.3 3.0.13-0ubuntu3.4\n');
    s.standins.delay('apt-get', 2);
    const kept = join(s.config.dataDir, 'outbox-kept');
    const from = s.fake.calls.length;
    const upgradesBefore = s.standins.calls('apt-get').filter(isUpgrade).length;
    const id = await s.producer.enqueue('update.apt', {}, s.meta('away-killed'), { authorizedAt: Date.now() });
    await waitFor('apt-get upgrade to start', () => s.standins.calls('apt-get').filter(isUpgrade).length > upgradesBefore, 15_000);
    await s.redis.server.stop();
    try {
      await waitFor('the result to be kept on disk', () => readdirSync(kept).some((f) => f.endsWith('.json')), 15_000);
      await s.kill9(s.worker());
    } finally {
      s.standins.delay('apt-get', undefined);
      await s.restartRedis();
    }
    await s.startWorker();
    const result = await s.fake.waitForCall(
      (c) => s.fake.calls.indexOf(c) >= from && c.status === 200 && c.params.chat_id === ADMIN && /openssl → 3\.0\.13-0ubuntu3\.4/.test(String(c.text)),
      20_000,
      'the kept upgrade result',
    );
    assert.ok(result);
    assert.equal(readdirSync(kept).filter((f) => f.endsWith('.json')).length, 0, 'nothing left on disk');
    // The old run's job is failed as stalled by the new worker; its recorded outcome keeps it from being "interrupted".
    await waitFor('the job to be failed as stalled', async () => (await s.producer.queue('once').getJobState(id)) === 'failed', 20_000);
    await waitFor('the stalled verdict to be handled', () => /not reporting it as interrupted|must-not-repeat job was interrupted/.test(s.worker()?.output() ?? ''), 20_000);
    assert.deepEqual(auditOf('away-killed'), ['started', 'ok']);
    assert.equal(chatTexts(/terputus|worker sempat mati/).length, 0, 'nobody is told the worker died');
    assert.equal(s.standins.calls('apt-get').filter(isUpgrade).length - upgradesBefore, 1, 'upgraded once');
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
