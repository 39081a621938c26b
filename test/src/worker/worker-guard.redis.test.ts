import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProofKey, Producer, waitReady, type JobMeta } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { createRunner } from '@potion/adapters';
import { createStandins, startTestRedis, testConfig, waitFor, type Standins, type TestRedis } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';
import type { Redis } from 'ioredis';

describe('the worker re-checks every job it pulls from Redis', () => {
  let redis: TestRedis;
  let conn: Redis;
  let producer: Producer;
  let app: WorkerApp;
  let standins: Standins;
  const cfg = testConfig();
  const audit = () => readFileSync(join(cfg.logDir, 'actions.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const meta = (requestId: string, userId: number): JobMeta => ({ requestId, by: { kind: 'telegram', userId }, chatId: userId, messageId: 9, enqueuedAt: Date.now() });
  const failed = async (kind: 'read' | 'once', id: string) =>
    waitFor(`job ${id} to fail`, async () => {
      if ((await producer.queue(kind).getJobState(id)) !== 'failed') return undefined;
      return producer.queue(kind).getJob(id);
    });

  before(async () => {
    redis = await startTestRedis();
    standins = createStandins();
    standins.unit('n8n.service', 'active running');
    standins.unit('cloudflared.service', 'failed failed');
    conn = createRedis(redis.url, { role: 'producer', name: 'test' });
    await waitReady(conn);
    producer = new Producer({ connection: conn, hostId: cfg.hostId, signer: () => loadProofKey(cfg.dataDir) });
    app = await startWorkerApp({
      config: cfg,
      log: createLogger({ name: 'worker', logDir: undefined, level: 'fatal' }),
      redisUrl: redis.url,
      runner: createRunner({ env: { ...process.env, ...standins.env } }),
      schedules: false,
    });
  });
  after(async () => {
    await app.stop();
    await producer.close();
    conn.disconnect();
    await redis.stop();
    standins.cleanup();
  });

  it('a hand-made job for a unit outside the whitelist is refused, audited, and systemctl is never called', async () => {
    // Bypass the producer's validation: write the job as anyone with redis-cli could.
    const job = await producer.queue('once').add('service.restart', { payload: { unit: 'ssh.service' }, meta: meta('evil-1', 1001) });
    const j = await failed('once', job.id!);
    assert.match(j.failedReason, /not in SERVICES_WHITELIST/);
    assert.equal(standins.calls('systemctl').length, 0);
    assert.ok(audit().some((l) => l.requestId === 'evil-1' && l.outcome === 'refused'));
    const msg = await waitFor('the refusal message', () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${job.id}`));
    assert.match(msg.data.payload.text, /tidak ada di daftar SERVICES_WHITELIST/);
  });

  it('option-injection unit names never reach a command', async () => {
    for (const unit of ['-H evil', '../x', 'a;reboot', 'x'.repeat(10_000), '😀.service', '\udcff.service']) {
      const job = await producer.queue('once').add('service.restart', { payload: { unit }, meta: meta(`inj-${unit.length}`, 1001) });
      const j = await failed('once', job.id!);
      assert.match(j.failedReason, /Invalid payload for job "service.restart": unit:/);
    }
    assert.equal(standins.calls('systemctl').length, 0);
    assert.equal(standins.calls('sudo').length, 0);
  });

  it('a viewer may look but may not restart; the refusal tells them their id', async () => {
    const job = await producer.queue('once').add('service.restart', { payload: { unit: 'n8n.service' }, meta: meta('viewer-1', 2002) });
    await failed('once', job.id!);
    const msg = await waitFor('the refusal', () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${job.id}`));
    assert.match(msg.data.payload.text, /ID Telegram kamu: 2002/);
    const ok = await producer.enqueue('service.list', {}, meta('viewer-2', 2002));
    const res = await waitFor('the list', () => producer.queue('notify').getJob(`res.read@${cfg.hostId}.${ok}`));
    assert.match(res.data.payload.text, /n8n\.service: active/);
    assert.match(res.data.payload.text, /cloudflared\.service: failed/);
  });

  it('a stranger is refused for everything, even reading', async () => {
    const id = await producer.enqueue('status.summary', {}, meta('stranger', 31337));
    await failed('read', id);
    assert.ok(audit().some((l) => l.requestId === 'stranger' && l.outcome === 'refused' && l.who === 'tg:31337'));
  });

  it('unknown job names and malformed envelopes are refused without a retry', async () => {
    const a = await producer.queue('read').add('rm.everything', { payload: {}, meta: meta('x1', 1001) });
    const b = await producer.queue('read').add('status.summary', 'just a string');
    const ja = await failed('read', a.id!);
    const jb = await failed('read', b.id!);
    assert.match(ja.failedReason, /unknown job name/);
    assert.match(jb.failedReason, /must be an object with "payload" and "meta"/);
    assert.equal(jb.attemptsMade, 1);
  });

  it('an admin restart runs through sudo -n systemctl, audits start and outcome, and reports the new state', async () => {
    standins.unit('cloudflared.service', 'failed failed');
    const id = await producer.enqueue('service.restart', { unit: 'cloudflared.service' }, meta('adm-1', 1001), { authorizedAt: Date.now() });
    const msg = await waitFor('the result', () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${id}`));
    assert.match(msg.data.payload.text, /^Beres! ✅ Ringkasan: cloudflared\.service sudah di-restart\. Status sekarang: ✅ active \(running\)/);
    assert.ok(standins.calls('sudo').some((c) => c === '-n systemctl restart -- cloudflared.service'));
    const lines = audit().filter((l) => l.requestId === 'adm-1');
    assert.deepEqual(lines.map((l) => l.outcome), ['started', 'ok']);
  });

  it('a restart that fails says so with the state and the last journal lines', async () => {
    standins.failStart('n8n.service', true);
    standins.journal('n8n.service', ['Error: listen EADDRINUSE: address already in use :::5678']);
    const id = await producer.enqueue('service.restart', { unit: 'n8n.service' }, meta('adm-2', 1001), { authorizedAt: Date.now() });
    const msg = await waitFor('the failure', () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${id}`));
    assert.match(msg.data.payload.text, /^Kenapa ya\.\.\. ❌ Ada error: n8n\.service gagal di-restart, statusnya sekarang "failed\/failed"/);
    assert.match(msg.data.payload.text, /EADDRINUSE/);
    assert.match(msg.data.payload.text, /\(kode: adm-2\)/);
    standins.failStart('n8n.service', false);
  });

  it('a missing sudoers rule fails at once with the fix, never waiting for a password', async () => {
    standins.denySudo(true);
    const id = await producer.enqueue('service.stop', { unit: 'n8n.service' }, meta('adm-3', 1001), { authorizedAt: Date.now() });
    const msg = await waitFor('the failure', () => producer.queue('notify').getJob(`res.once@${cfg.hostId}.${id}`));
    assert.match(msg.data.payload.text, /izin sudo belum dipasang/);
    assert.match(msg.data.payload.text, /install\.sh/);
    standins.denySudo(false);
  });
});
