import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayRun, needsConfirmation, requiredRole, roleOf } from './access.js';
import { JOB_NAMES, jobs } from './registry/index.js';

test('roleOf: an id in both lists is an admin, in neither a stranger', () => {
  const lists = { adminIds: [1, 3], viewerIds: [2, 3] };
  assert.deepEqual([1, 2, 3, 4].map((id) => roleOf(lists, id)), ['admin', 'viewer', 'admin', 'stranger']);
});

test('mayRun: strangers nothing, viewers the viewer jobs, admins all; a mutating job is admin-only whatever its access says', () => {
  const cases: Array<[{ access: 'viewer' | 'admin'; mutates: boolean }, 'admin' | 'viewer' | 'stranger', boolean]> = [
    [{ access: 'viewer', mutates: false }, 'viewer', true],
    [{ access: 'viewer', mutates: false }, 'stranger', false],
    [{ access: 'admin', mutates: false }, 'viewer', false],
    [{ access: 'admin', mutates: false }, 'admin', true],
    [{ access: 'viewer', mutates: true }, 'viewer', false],
    [{ access: 'viewer', mutates: true }, 'admin', true],
  ];
  for (const [def, role, want] of cases) assert.equal(mayRun(def, role), want, `${JSON.stringify(def)} as ${role}`);
  assert.equal(requiredRole({ access: 'viewer', mutates: true }), 'admin');
});

test('needsConfirmation: every mutating job of the registry, and backup.prune (confirm: true), nothing read-only', () => {
  for (const n of JOB_NAMES) if (jobs[n].mutates) assert.ok(needsConfirmation(jobs[n]), n);
  assert.ok(needsConfirmation(jobs['backup.prune']));
  assert.ok(!needsConfirmation(jobs['status.summary']));
  assert.ok(!needsConfirmation(jobs['backup.run']));
});
