import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLimiter } from './failure-limiter.js';

test('a client is blocked after maxFailures until its window ends; others are not', () => {
  let now = 1_000_000;
  const l = new FailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i += 1) {
    assert.equal(l.blockedForMs('a'), 0);
    l.fail('a');
  }
  assert.equal(l.blockedForMs('a'), 60_000);
  assert.equal(l.blockedForMs('b'), 0);
  now += 59_999;
  assert.equal(l.blockedForMs('a'), 1);
  now += 1;
  assert.equal(l.blockedForMs('a'), 0, 'the window ended');
});

test('a right password clears the count', () => {
  const l = new FailureLimiter({ maxFailures: 2, now: () => 0 });
  l.fail('a');
  l.succeed('a');
  l.fail('a');
  assert.equal(l.blockedForMs('a'), 0);
});

test('memory stays bounded: the oldest client is dropped past maxClients', () => {
  const l = new FailureLimiter({ maxFailures: 1, maxClients: 2, now: () => 0 });
  l.fail('a');
  l.fail('b');
  l.fail('c');
  assert.equal(l.blockedForMs('a'), 0);
  assert.ok(l.blockedForMs('c') > 0);
});
