import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SentMemo } from './sent-memo.js';

test('the memo keeps the newest deliveries, a bounded number, and forgets the oldest first', () => {
  const memo = new SentMemo();
  memo.remember('pend-1', '41');
  memo.remember('pend-2', '-');
  assert.equal(memo.get('pend-1'), '41');
  assert.equal(memo.get('pend-2'), '-', 'a message Telegram refused is remembered as refused');
  assert.equal(memo.get('pend-3'), undefined);
  // pend-1 remembered again: now the newest, so it outlives pend-2.
  memo.remember('pend-1', '41');
  for (let i = 0; i < 511; i++) memo.remember(`job-${i}`, String(i));
  assert.equal(memo.get('pend-2'), undefined, 'the oldest is forgotten first');
  assert.equal(memo.get('pend-1'), '41');
  memo.remember('job-last', '9');
  assert.equal(memo.get('pend-1'), undefined);
  assert.equal(memo.get('job-last'), '9');
});
