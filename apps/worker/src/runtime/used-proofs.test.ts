import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROOF_MAX_AGE_MS, UsedProofs } from './used-proofs.js';

test('a used proof stays used after the worker restarts, and old entries are dropped', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'potion-used-')), 'keys', 'used-proofs');
  const now = 1_700_000_000_000;
  const a = new UsedProofs(file, now);
  assert.equal(a.consume('sig-old', now - PROOF_MAX_AGE_MS - 3600_000, now), true);
  assert.equal(a.consume('sig-1', now, now), true);
  assert.equal(a.consume('sig-1', now, now), false, 'twice in one run');
  const b = new UsedProofs(file, now + 1000);
  assert.equal(b.consume('sig-1', now, now + 1000), false, 'after a restart');
  assert.doesNotMatch(readFileSync(file, 'utf8'), /sig-old/, 'expired proofs are forgotten (they are refused as expired anyway)');
});
