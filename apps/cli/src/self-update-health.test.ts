import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runsRelease } from './self-update-health.js';

const NEW = 'a'.repeat(40);
const OLD = 'b'.repeat(40);

test('a process counts as healthy only when it reports the new release, started after the restart, and has not stopped since', () => {
  assert.equal(runsRelease({ release: NEW, startedAt: '2000' }, NEW, 1000), true);
  assert.equal(runsRelease({ release: OLD, startedAt: '2000' }, NEW, 1000), false, 'the old build came back');
  assert.equal(runsRelease({ release: NEW, startedAt: '500' }, NEW, 1000), false, 'a hash from before the restart');
  assert.equal(runsRelease({ release: NEW, startedAt: '2000', stoppedAt: '2500' }, NEW, 1000), false, 'started, then stopped');
  assert.equal(runsRelease({ release: NEW, startedAt: '2000', stoppedAt: '1500' }, NEW, 1000), true, 'a stop from an earlier run');
  assert.equal(runsRelease({}, NEW, 1000), false, 'never reported');
});
