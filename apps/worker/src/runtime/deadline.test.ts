import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { JobDeadline } from './deadline.js';
import { JobTimeoutError } from './errors.js';
import { runContexts } from './run-context.js';
import type { Deps } from './context.js';

describe('JobDeadline', () => {
  it('a handler that ignores its signal still ends with a JobTimeoutError when the time is up', async () => {
    const d = new JobDeadline(20);
    const never = new Promise<string>(() => undefined);
    await assert.rejects(d.race(never), (err: unknown) => err instanceof JobTimeoutError && err.timeoutMs === 20);
    d.clear();
  });

  it('the signal a handler read before the time ran out is aborted with the timeout', async () => {
    const d = new JobDeadline(20);
    const signal = d.signal;
    assert.equal(signal.aborted, false);
    const ended = d.race(new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('runner stopped')), { once: true })));
    await assert.rejects(ended, JobTimeoutError, 'the timeout, not the handler\'s own error, is the outcome');
    assert.ok(signal.reason instanceof JobTimeoutError);
  });

  it('a signal first read after the time ran out is already aborted', async () => {
    const d = new JobDeadline(5);
    await assert.rejects(d.race(new Promise(() => undefined)), JobTimeoutError);
    assert.equal(d.signal.aborted, true);
    assert.ok(d.signal.reason instanceof JobTimeoutError);
  });

  it('deadlines of one length started one after another each end at their own time; cleared ones, first or in the middle, never', async () => {
    const never = () => new Promise<never>(() => undefined);
    const ended: string[] = [];
    const watch = (name: string, d: JobDeadline) => d.race(never()).catch((err: unknown) => ended.push(`${name}:${err instanceof JobTimeoutError ? 'timeout' : 'other'}`));
    const a = new JobDeadline(30);
    void watch('a', a);
    await new Promise((r) => setTimeout(r, 10));
    const b = new JobDeadline(30);
    const bEnd = watch('b', b);
    const c = new JobDeadline(30);
    void watch('c', c);
    const d = new JobDeadline(30);
    const dEnd = watch('d', d);
    // The first and a middle one end early (out of order): the others still time out.
    a.clear();
    c.clear();
    await Promise.all([bEnd, dEnd]);
    assert.deepEqual(ended, ['b:timeout', 'd:timeout']);
    assert.equal(a.signal.aborted, false);
    assert.equal(c.signal.aborted, false);
    b.clear();
    d.clear();
  });

  it('a deadline started after all others were cleared still ends on time', async () => {
    const first = new JobDeadline(40);
    first.clear();
    const later = new JobDeadline(15);
    const late = new JobDeadline(40);
    await assert.rejects(later.race(new Promise(() => undefined)), JobTimeoutError);
    await assert.rejects(late.race(new Promise(() => undefined)), JobTimeoutError);
    assert.equal(first.signal.aborted, false);
  });

  it('cleared deadlines do not keep the process alive; a running one does until it ends', () => {
    const mod = new URL('./deadline.js', import.meta.url).href;
    const script = `import { JobDeadline } from ${JSON.stringify(mod)};
      for (let i = 0; i < 3; i++) new JobDeadline(3_600_000).clear();
      new JobDeadline(50).race(new Promise(() => {})).catch((e) => console.log('ended', e.name));`;
    // Bounded: a timer left holding the process would run into the kill (an hour-long deadline).
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.signal, null, 'the child ended by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'ended JobTimeoutError');
  });

  it('a handler that finishes in time gives its result, and a cleared deadline aborts nothing', async () => {
    const d = new JobDeadline(60_000);
    assert.equal(await d.race(Promise.resolve(42)), 42);
    d.clear();
    assert.equal(d.signal.aborted, false);
  });
});

describe('runContexts', () => {
  it('carries every dependency and job field, and the deadline\'s signal', () => {
    const deps = { config: {}, log: {}, runner: {}, redis: {}, producer: {}, now: () => 1, procRoot: '/proc', proofs: {} } as unknown as Deps;
    const d = new JobDeadline(60_000);
    const ctx = runContexts(deps)(d, { jobId: '7', requestId: 'r1', meta: { requestId: 'r1', by: { kind: 'system', name: 't' }, enqueuedAt: 1 }, attempt: 1, finalAttempt: true, progress: async () => undefined });
    for (const k of Object.keys(deps) as (keyof Deps)[]) assert.equal(ctx[k], deps[k], k);
    assert.equal(ctx.jobId, '7');
    assert.equal(ctx.signal, d.signal, 'the same signal each time it is read');
    d.clear();
  });

  it('a dependency set after the processor was made (the journal follower) reaches the next job, and jobs do not share fields', () => {
    const deps = { config: {}, log: {}, runner: {}, redis: {}, producer: {}, now: () => 1, procRoot: '/proc', proofs: {} } as unknown as Deps;
    const make = runContexts(deps);
    const fields = (jobId: string) => ({ jobId, requestId: 'r1', meta: { requestId: 'r1', by: { kind: 'system' as const, name: 't' }, enqueuedAt: 1 }, attempt: 1, finalAttempt: true, progress: async () => undefined });
    const d1 = new JobDeadline(60_000);
    const first = make(d1, fields('1'));
    assert.equal(first.securityFollow, undefined);
    const follower = {} as NonNullable<Deps['securityFollow']>;
    deps.securityFollow = follower;
    const d2 = new JobDeadline(60_000);
    const second = make(d2, fields('2'));
    assert.equal(second.securityFollow, follower);
    assert.equal(first.jobId, '1');
    assert.equal(second.jobId, '2');
    assert.notEqual(first.signal, second.signal, 'each job its own deadline');
    d1.clear();
    d2.clear();
  });
});
