import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobLedger, READ_KEEP_FINISHED } from './job-ledger.js';

const job = (id: string, timestamp = 1000, queueName = 'once@home') => ({ queueName, id, timestamp });

describe('JobLedger', () => {
  it('a host-changing job is running until it ends; the reporter reads its state by queue and id', () => {
    const l = new JobLedger();
    l.begin(job('7'));
    assert.equal(l.state('once@home', '7'), 'running');
    assert.equal(l.ended(job('7')), undefined, 'no outcome while it runs');
    l.finish(job('7'), 'ok', { ok: true, result: { state: 'active' } });
    assert.equal(l.state('once@home', '7'), 'ok');
    assert.equal(l.state('backup@home', '7'), undefined, 'ids repeat across queues');
  });

  it('a job that comes back after its lock was lost gets its stored end; a later job reusing the id does not', () => {
    const l = new JobLedger();
    l.finish(job('tg-5', 1000, 'read@home'), 'ok', { ok: true, result: { n: 1 } });
    assert.deepEqual(l.ended(job('tg-5', 1000, 'read@home')), { ok: true, result: { n: 1 } });
    assert.equal(l.state('read@home', 'tg-5'), undefined, 'a job not begun here (not host-changing) has no state');
    assert.equal(l.ended(job('tg-5', 2000, 'read@home')), undefined, 'another creation time: another job');
    l.begin(job('9'));
    l.finish(job('9'), 'failed', { ok: false, error: 'boom' });
    assert.equal(l.state('once@home', '9'), 'failed');
    assert.deepEqual(l.ended(job('9')), { ok: false, error: 'boom' });
  });

  it('a failure that will be retried or a refusal is a state, not a final end to replay', () => {
    const l = new JobLedger();
    l.begin(job('3'));
    l.finish(job('3'), 'failed');
    assert.equal(l.state('once@home', '3'), 'failed');
    assert.equal(l.ended(job('3')), undefined);
    l.finish(job('4'), 'refused');
    assert.equal(l.state('once@home', '4'), 'refused', 'a refusal is known without a begin');
    assert.equal(l.ended(job('4')), undefined);
  });

  it('forgets the oldest finished jobs, never a running one', () => {
    const l = new JobLedger();
    l.begin(job('long'));
    for (let i = 0; i < 2100; i += 1) l.finish(job(`j${i}`), 'ok', { ok: true, result: i });
    assert.equal(l.state('once@home', 'long'), 'running');
    assert.equal(l.ended(job('j0')), undefined);
    assert.deepEqual(l.ended(job('j2099')), { ok: true, result: 2099 });
  });

  it('keeps fewer read jobs (a sample every 30 s would fill it with results): a host-changing end outlives many reads', () => {
    const l = new JobLedger();
    l.begin(job('restart'));
    l.finish(job('restart'), 'ok', { ok: true, result: 'done' });
    for (let i = 0; i < READ_KEEP_FINISHED + 2 * 64; i += 1) l.finish(job(`s${i}`, 1000, 'read@home'), 'ok', { ok: true, result: i });
    assert.equal(l.ended(job('s0', 1000, 'read@home')), undefined, 'the oldest read result is forgotten');
    const last = READ_KEEP_FINISHED + 2 * 64 - 1;
    assert.deepEqual(l.ended(job(`s${last}`, 1000, 'read@home')), { ok: true, result: last }, 'a read job coming back within seconds is answered');
    assert.deepEqual(l.ended(job('restart')), { ok: true, result: 'done' });
    assert.equal(l.state('once@home', 'restart'), 'ok');
  });

  it('the same job id on two queues of one kind is two jobs', () => {
    const l = new JobLedger();
    l.finish(job('7', 1000, 'read@home'), 'ok', { ok: true, result: 'home' });
    l.finish(job('7', 1000, 'read@pi'), 'ok', { ok: true, result: 'pi' });
    l.begin(job('7', 1000, 'once@home'));
    assert.deepEqual(l.ended(job('7', 1000, 'read@home')), { ok: true, result: 'home' });
    assert.deepEqual(l.ended(job('7', 1000, 'read@pi')), { ok: true, result: 'pi' });
    assert.equal(l.state('once@home', '7'), 'running');
    assert.equal(l.state('once@pi', '7'), undefined);
    assert.equal(l.ended(job('7', 1000, 'once@home')), undefined);
  });
});
