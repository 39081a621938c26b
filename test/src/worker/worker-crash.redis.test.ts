import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadProofKey, Producer, waitReady, type JobMeta } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import { STALLED_REASON } from '@potion/worker';
import type { Redis } from 'ioredis';

const fixture = fileURLToPath(new URL('../harness/fixtures/crash-worker.js', import.meta.url));

describe('a worker killed with kill -9 in the middle of a job', () => {
  let redis: TestRedis;
  let conn: Redis;
  let producer: Producer;
  const cfg = testConfig({ JOB_LOCK_MS: '1500' });
  const logFile = join(cfg.dataDir, 'fixture.log');
  const children: ChildProcess[] = [];

  const startWorker = async (holdMs: number): Promise<ChildProcess> => {
    const before = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('ready')).length : 0;
    const child = spawn(process.execPath, [fixture], {
      env: { ...process.env, ...cfg.env, REDIS_URL: redis.url, FIXTURE_LOG: logFile, FIXTURE_HOLD_MS: String(holdMs) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    await waitFor('the fixture worker to be ready', () => existsSync(logFile) && readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('ready')).length > before, 60_000); // a bound, not a pace: a cold start took over 15 s at load 30
    return child;
  };
  const kill9 = (c: ChildProcess) => new Promise<void>((res) => (c.once('exit', () => res()), c.kill('SIGKILL')));
  const lines = (prefix: string) => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith(prefix)) : []);
  const meta = (requestId: string): JobMeta => ({ requestId, by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 42, enqueuedAt: Date.now() });

  before(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, { role: 'producer', name: 'test' });
    await waitReady(conn);
    producer = new Producer({ connection: conn, hostId: cfg.hostId, signer: () => loadProofKey(cfg.dataDir) });
  });
  // Each test starts with no worker alive, so the job goes to the worker the test kills.
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) await kill9(c);
  });
  after(async () => {
    await producer.close();
    conn.disconnect();
    await redis.stop();
  });

  it('an idempotent job is picked up again by a new worker and completes exactly once', async () => {
    const a = await startWorker(60_000);
    const id = await producer.enqueue('status.summary', {}, meta('idem-1'));
    await waitFor('the job to start', () => lines(`start status.summary ${id}`).length === 1);
    await kill9(a);
    await startWorker(50);
    const job = await waitFor('the job to complete', async () => {
      if ((await producer.queue('read').getJobState(id)) !== 'completed') return undefined;
      return producer.queue('read').getJob(id);
    }, 20_000);
    assert.equal(lines(`start status.summary ${id}`).length, 2, 'run again after the crash');
    assert.equal(lines(`done status.summary ${id}`).length, 1, 'completed once');
    assert.equal(job.returnvalue && typeof job.returnvalue === 'object', true);
    const outbox = await producer.queue('notify').getJobs(['waiting', 'delayed', 'active', 'completed']);
    const results = outbox.filter((j) => j.data.payload.kind === 'result' && j.data.payload.editMessageId === 42 && j.id === `res.read@${cfg.hostId}.${id}`);
    assert.equal(results.length, 1, 'one result message for the chat');
    assert.match(results[0]?.data.payload.text ?? '', /📊 Status server/);
  });

  it('a must-not-repeat job is reported as interrupted and never executed again', async () => {
    const a = await startWorker(60_000);
    const id = await producer.enqueue('service.restart', { unit: 'n8n.service' }, meta('once-1'), { authorizedAt: Date.now() });
    await waitFor('the restart to start', () => lines(`start service.restart ${id}`).length === 1);
    await kill9(a);
    await startWorker(50);
    const job = await waitFor('the job to be failed as interrupted', async () => {
      if ((await producer.queue('once').getJobState(id)) !== 'failed') return undefined;
      return producer.queue('once').getJob(id);
    }, 20_000);
    assert.equal(job.failedReason, STALLED_REASON);
    const notice = await waitFor('the interrupted notice in the outbox', async () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${id}`), 10_000);
    assert.match(notice.data.payload.text, /terputus/);
    assert.match(notice.data.payload.text, /systemctl status n8n\.service/);
    assert.equal(notice.data.payload.editMessageId, 42, 'edits the pending message');
    // A later enqueue still runs, so the new worker is alive and polling that queue.
    const next = await producer.enqueue('service.restart', { unit: 'n8n.service' }, meta('once-2'), { authorizedAt: Date.now() });
    await waitFor('the next restart to finish', () => lines(`done service.restart ${next}`).length === 1, 15_000);
    assert.equal(lines(`start service.restart ${id}`).length, 1, 'the interrupted restart ran only once');
    const audit = readFileSync(join(cfg.logDir, 'actions.log'), 'utf8');
    assert.match(audit, /"requestId":"once-1".*"outcome":"interrupted"/);
  });
});
