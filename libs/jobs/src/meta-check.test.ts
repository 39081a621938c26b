import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMeta, parsePayload } from './envelope.js';
import { JobPayloadError } from './errors.js';
import { JOB_NAMES, jobs } from './registry/index.js';
import { jobMeta } from './meta.js';
import { PLAIN_META_FIELDS, plainMeta } from './meta-check.js';

const SIG = 'A'.repeat(43);

/** Values each field takes in the generated metas: valid ones, then edge cases and hostile ones. */
const VALUES: Record<string, { valid: unknown[]; bad: unknown[] }> = {
  requestId: { valid: ['r1', 'a'.repeat(64), 'A-z_9'], bad: ['a'.repeat(65), '', 'a b', 'a:b', 'ä', 1, null, undefined, ['r1']] },
  by: {
    valid: [{ kind: 'telegram', userId: 42 }, { kind: 'telegram', userId: -100 }, { kind: 'scheduler', name: 'sample' }, { kind: 'system', name: 'x'.repeat(100) }],
    bad: [
      { kind: 'telegram', userId: 1.5 },
      { kind: 'telegram', userId: 2 ** 53 },
      { kind: 'telegram', userId: '42' },
      { kind: 'telegram', userId: 42, extra: 1 },
      { kind: 'telegram', name: 'x' },
      { kind: 'system', name: 'x'.repeat(101) },
      { kind: 'system', name: '' },
      { kind: 'system', name: 'x', userId: 1 },
      { kind: 'root', name: 'x' },
      { kind: 'system' },
      [],
      null,
      'system',
      undefined,
    ],
  },
  chatId: { valid: [42, -1001234, 0], bad: [1.5, 2 ** 53, Number.NaN, Infinity, '42', null, undefined] },
  messageId: { valid: [1, 7], bad: [0, -1, 1.5, 2 ** 53, '7', null, undefined] },
  pendingJob: { valid: ['pend.read@home.1', 'a'.repeat(100)], bad: ['a'.repeat(101), '', 'a:b', 'a b', 1, undefined] },
  enqueuedAt: { valid: [1_765_000_000_000, 0, -0], bad: [-1, 1.5, 2 ** 53, Number.NaN, '1', null, undefined] },
  proof: { valid: [{ at: 1, sig: SIG }], bad: [{ at: 1, sig: 'x' }, undefined] },
  extra: { valid: [], bad: [1, undefined] },
};

/** A small deterministic generator (no dependency, the same cases every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function generated(count: number): Record<string, unknown>[] {
  const next = rng(20);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const m: Record<string, unknown> = {};
    for (const [field, { valid, bad }] of Object.entries(VALUES)) {
      // Often absent (the optional ones, the proof and the unknown key more often), mostly
      // valid, sometimes an edge case or a hostile value (undefined too: a key set to undefined).
      if (next() < (field === 'proof' || field === 'extra' ? 0.85 : 0.3)) continue;
      const from = valid.length > 0 && next() < 0.8 ? valid : bad;
      m[field] = from[Math.floor(next() * from.length)];
    }
    out.push(m);
  }
  return out;
}

test('a meta taken without zod is one zod accepts and returns unchanged (generated metas, valid and hostile)', () => {
  let taken = 0;
  for (const m of generated(20_000)) {
    const fast = plainMeta(m);
    if (fast === undefined) continue;
    taken += 1;
    const z = jobMeta.safeParse(m);
    assert.ok(z.success, `taken without zod but zod refuses: ${JSON.stringify(m)}`);
    assert.deepEqual(z.data, m, `zod would return something else: ${JSON.stringify(m)}`);
    assert.equal(fast, m);
  }
  assert.ok(taken > 50, `the fast path took only ${taken} of the generated metas`);
});

test('the metas of everyday jobs, as JSON from Redis gives them, skip zod', () => {
  const press = { requestId: 'r_9f2', by: { kind: 'telegram', userId: 42 }, chatId: 42, messageId: 7, enqueuedAt: 1_765_000_000_000 };
  const pending = { requestId: 'r_9f3', by: { kind: 'telegram', userId: 42 }, chatId: 42, pendingJob: 'pend.read@home.12', enqueuedAt: 1 };
  const sample = { requestId: 'sched-sample', by: { kind: 'scheduler', name: 'sample' }, enqueuedAt: 0 };
  for (const m of [press, pending, sample]) {
    const fromRedis = JSON.parse(JSON.stringify(m)) as unknown;
    assert.equal(plainMeta(fromRedis), fromRedis);
    assert.equal(parseMeta('status.summary', fromRedis), fromRedis);
  }
});

test('metas the fast path leaves to zod: a proof, unknown keys, keys set to undefined, not a plain object', () => {
  const base = { requestId: 'r1', by: { kind: 'system', name: 'x' }, enqueuedAt: 1 };
  for (const m of [
    { ...base, proof: { at: 1, sig: SIG } },
    { ...base, extra: 1 },
    { ...base, chatId: undefined },
    { ...base, by: { kind: 'system', name: 'x', more: 1 } },
    Object.assign(Object.create({ inherited: 1 }) as object, base),
    [base],
    null,
    'meta',
  ]) {
    assert.equal(plainMeta(m), undefined, JSON.stringify(m));
  }
  // zod still decides: strips the unknown key, checks the proof.
  assert.deepEqual(parseMeta('x', { ...base, extra: 1 }), base);
  assert.deepEqual(parseMeta('x', { ...base, proof: { at: 1, sig: SIG } }), { ...base, proof: { at: 1, sig: SIG } });
  assert.throws(() => parseMeta('x', { ...base, proof: { at: 1, sig: 'x' } }), /meta\.proof\.sig/);
});

test('the fast path knows every field of the meta schema (a new field must be added there or it would be skipped)', () => {
  assert.deepEqual([...PLAIN_META_FIELDS, 'proof'].sort(), Object.keys(jobMeta.shape).sort());
});

test('an empty payload skips zod only for jobs whose schema takes {} and gives {} back; the others still refuse it', () => {
  let skipped = 0;
  for (const name of JOB_NAMES) {
    const empty = JSON.parse('{}') as unknown;
    const z = jobs[name].data.safeParse({});
    const zodGivesEmpty = z.success && typeof z.data === 'object' && z.data !== null && Object.keys(z.data).length === 0;
    if (zodGivesEmpty) {
      assert.equal(parsePayload(name, empty), empty, `${name}: {} taken as it is`);
      skipped += 1;
    } else if (z.success) {
      assert.deepEqual(parsePayload(name, empty), z.data, `${name}: zod's defaults kept`);
    } else {
      assert.throws(() => parsePayload(name, empty), JobPayloadError, name);
    }
  }
  assert.ok(skipped > 5, `only ${skipped} jobs take an empty payload`);
  // Not empty, not plain: zod decides (a strict schema refuses the unknown key).
  assert.throws(() => parsePayload('status.summary', { x: 1 }), JobPayloadError);
  assert.throws(() => parsePayload('status.summary', []), JobPayloadError);
  assert.throws(() => parsePayload('status.summary', Object.create({ x: 1 }) as object), JobPayloadError);
});
