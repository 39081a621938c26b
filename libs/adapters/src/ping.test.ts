import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePing } from './ping.js';
import { sample } from './sample.test-helper.js';

test('a healthy ping gives loss 0 and rtt min/avg/max', () => {
  const r = parsePing(sample('ping-ok.txt'));
  assert.equal(r.target, '1.1.1.1');
  assert.equal(r.transmitted, 4);
  assert.equal(r.received, 4);
  assert.equal(r.lossPercent, 0);
  assert.deepEqual(r.rtt, { min: 11.812, avg: 12.3, max: 13.104, mdev: 0.498 });
  assert.equal(r.error, undefined);
});

test('100% loss has no rtt and no error: the statistics are the answer', () => {
  const r = parsePing(sample('ping-loss.txt'));
  assert.equal(r.lossPercent, 100);
  assert.equal(r.received, 0);
  assert.equal(r.rtt, undefined);
  assert.equal(r.error, undefined);
});

test('a statistics line with "+3 errors" still parses', () => {
  const r = parsePing(sample('ping-errors.txt'));
  assert.equal(r.transmitted, 4);
  assert.equal(r.lossPercent, 100);
});

test('ping that could not send keeps its complaint as the error', () => {
  const r = parsePing('', 'ping: connect: Network is unreachable\n', '1.1.1.1');
  assert.equal(r.target, '1.1.1.1');
  assert.equal(r.lossPercent, 100);
  assert.equal(r.error, 'ping: connect: Network is unreachable');
});
