import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BULLMQ_PREFIX, loadProofKey, Producer, queueName, type JobMeta } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { Queue } from 'bullmq';
import { ADMIN, auditPath, jsonLines, startFaultStack, type FaultStack } from '../harness/fault-harness.js';

// Issue 15, findings 3 and 6, against the real worker process (stand-in sudo/systemctl on its
// PATH): what a local process that can write Redis adds by hand must never reach sudo.
// A job whose proof is missing, forged or replayed claims a request it cannot prove: its
// refusal is recorded under a request id of its own (`untrusted-<queue>-<job id>`), never as a
// second outcome of the request it copied. No one-outcome property check here: this stack has
// no bot to deliver what the chat is told.
describe('the worker runs a host-changing job only with the bot\'s proof and only from its own queue', { timeout: 90_000 }, () => {
  let s: FaultStack;
  let signed: Producer;
  const queues: Queue[] = [];
  /** A queue opened the way an attacker with redis-cli or BullMQ would. */
  const rawQueue = (kind: 'once' | 'read') => {
    // A bare BullMQ Queue on purpose (not openQueue): the attacker does not use our helpers.
    const q = new Queue(queueName(kind, s.config.hostId), { connection: s.conn, prefix: BULLMQ_PREFIX });
    queues.push(q);
    return q;
  };
  const ended = (q: Queue, id: string) =>
    waitFor(`job ${id} to end`, async () => {
      const state = await q.getJobState(id);
      return state === 'failed' || state === 'completed' ? q.getJob(id) : undefined;
    }, 15_000);
  const audited = (requestId: string) => jsonLines(auditPath(s.config)).filter((l) => l.requestId === requestId);
  /** The refusal of a job that could not prove its request: under its own id, naming the claim. */
  const untrusted = (q: Queue, jobId: string) => audited(`untrusted-${q.name}-${jobId}`.replace(/[^A-Za-z0-9_-]/g, '_'));
  const meta = (requestId: string, by: JobMeta['by'] = { kind: 'telegram', userId: ADMIN }): JobMeta => ({
    requestId,
    by,
    ...(by.kind === 'telegram' ? { chatId: by.userId } : {}),
    enqueuedAt: Date.now(),
  });

  before(async () => {
    s = await startFaultStack({ bot: false });
    // The bot's side of the proof: the key the worker created under DATA_DIR.
    signed = new Producer({ connection: s.conn, hostId: s.config.hostId, signer: () => loadProofKey(s.config.dataDir) });
  });
  after(async () => {
    for (const q of queues) await q.close();
    await signed?.close();
    await s?.stop();
  });

  it('a host.reboot added straight to Redis as "system" is refused, audited, and sudo never runs', async () => {
    const q = rawQueue('once');
    const job = await q.add('host.reboot', { payload: {}, meta: meta('evil-system', { kind: 'system', name: 'battery' }) });
    const j = await ended(q, job.id!);
    assert.equal(await q.getJobState(job.id!), 'failed');
    assert.match(j!.failedReason, /without a proof/);
    assert.deepEqual(s.standins.calls('sudo'), []);
    assert.deepEqual(s.standins.powerCalls(), []);
    assert.deepEqual(audited('evil-system'), [], 'nothing recorded under the claimed request');
    assert.deepEqual(untrusted(q, job.id!).map((l) => [l.outcome, l.who]), [['refused', 'system:battery']]);
    assert.match(String(untrusted(q, job.id!)[0]?.error), /claims request evil-system/);
  });

  it('an admin-looking host.reboot without a proof, or with a made-up one, is refused and audited', async () => {
    const q = rawQueue('once');
    const bare = await q.add('host.reboot', { payload: {}, meta: meta('evil-admin') });
    const forged = await q.add('host.reboot', { payload: {}, meta: { ...meta('evil-forged'), proof: { at: Date.now(), sig: 'A'.repeat(43) } } });
    assert.match((await ended(q, bare.id!))!.failedReason, /without a proof/);
    assert.match((await ended(q, forged.id!))!.failedReason, /invalid proof/);
    assert.deepEqual(s.standins.calls('sudo'), []);
    assert.deepEqual(untrusted(q, bare.id!).map((l) => l.outcome), ['refused']);
    assert.deepEqual(untrusted(q, forged.id!).map((l) => l.outcome), ['refused']);
    assert.deepEqual([...audited('evil-admin'), ...audited('evil-forged')], []);
  });

  it('a proof copied from a confirmed restart does not carry over to a reboot, and a confirmed job copied again is refused as a replay', async () => {
    const q = rawQueue('once');
    const id = await signed.enqueue('service.restart', { unit: 'n8n.service' }, meta('confirmed-1'), { authorizedAt: Date.now() });
    const done = await ended(q, id);
    assert.equal(await q.getJobState(id), 'completed');
    const restarts = () => s.standins.calls('sudo').filter((c) => c === '-n systemctl restart -- n8n.service').length;
    assert.equal(restarts(), 1);
    const data = done!.data as { payload: unknown; meta: JobMeta };
    // The same signed envelope under a new job id, as a Redis writer would copy it from the completed list.
    const replay = await q.add('service.restart', data);
    assert.match((await ended(q, replay.id!))!.failedReason, /already used/);
    const moved = await q.add('host.reboot', { payload: {}, meta: { ...data.meta, requestId: 'moved-proof' } });
    assert.match((await ended(q, moved.id!))!.failedReason, /invalid proof/);
    assert.equal(restarts(), 1, 'the restart ran once');
    assert.deepEqual(s.standins.powerCalls(), []);
    assert.deepEqual(audited('confirmed-1').map((l) => l.outcome), ['started', 'ok'], 'the real request keeps its one outcome');
    assert.deepEqual(untrusted(q, replay.id!).map((l) => l.outcome), ['refused']);
    assert.match(String(untrusted(q, replay.id!)[0]?.error), /replay of request confirmed-1/);
  });

  it('a signed host.reboot placed on read@host is refused at once, not retried, and audited', async () => {
    const q = rawQueue('read');
    // Signed like a real confirmation: the queue alone must stop it.
    const key = loadProofKey(s.config.dataDir)!;
    const m = meta('wrong-queue');
    const { enqueuedAt: _e, ...subject } = m;
    const proof = key.sign({ hostId: s.config.hostId, name: 'host.reboot', payload: {}, meta: subject, at: Date.now() });
    const job = await q.add('host.reboot', { payload: {}, meta: { ...m, proof } }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    const j = await ended(q, job.id!);
    assert.equal(await q.getJobState(job.id!), 'failed');
    assert.match(j!.failedReason, /belongs on queue once@/);
    assert.equal(j!.attemptsMade, 1, 'refused once, never retried');
    assert.deepEqual(s.standins.powerCalls(), []);
    assert.deepEqual(s.standins.calls('sudo').filter((c) => c.includes('reboot')), []);
    assert.deepEqual(audited('wrong-queue').map((l) => l.outcome), ['refused']);
  });
});
