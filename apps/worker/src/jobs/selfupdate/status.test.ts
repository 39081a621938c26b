import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSelfUpdateStatus, runInProgress } from './status.js';

test('the status file of deploy/self-update.sh parses into the run, its phase, outcome and commits', () => {
  const s = parseSelfUpdateStatus('id=1000\nat=2000\nphase=done\noutcome=rolled-back\nrunning=abc1234 feat: faster status\ntarget=def5678 switch the worker\nerror=versi baru tidak lapor sehat dalam 120 detik\n');
  assert.deepEqual(s, {
    id: 1000,
    at: 2000,
    phase: 'done',
    outcome: 'rolled-back',
    running: { hash: 'abc1234', subject: 'feat: faster status' },
    target: { hash: 'def5678', subject: 'switch the worker' },
    error: 'versi baru tidak lapor sehat dalam 120 detik',
  });
  assert.equal(runInProgress(s, 3000), false);
});

test('a run that is not done is in progress until it is 50 minutes old; a file that is not a status is ignored', () => {
  const building = parseSelfUpdateStatus('id=1000\nat=2000\nphase=building\n');
  assert.equal(runInProgress(building, 2000 + 60_000), true);
  assert.equal(runInProgress(building, 2000 + 51 * 60_000), false, 'its unit is long gone');
  assert.equal(parseSelfUpdateStatus('phase=done\n'), undefined);
  assert.equal(parseSelfUpdateStatus('id=1\nat=2\nphase=exploded\n'), undefined);
});
