import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buttons } from './index.js';

test('🧹 clean-up buttons: the plan and a run of some clean-ups parse back; unknown or repeated ones do not', () => {
  assert.equal(buttons.clean.build({ kind: 'plan' }), 'clean:plan');
  assert.deepEqual(buttons.clean.parse('clean:plan'), { kind: 'plan' });
  const all = buttons.clean.build({ kind: 'go', kinds: ['apt', 'journal', 'autoremove', 'docker'] });
  assert.equal(all, 'clean:go:apt:journal:autoremove:docker');
  assert.deepEqual(buttons.clean.parse(all), { kind: 'go', kinds: ['apt', 'journal', 'autoremove', 'docker'] });
  assert.deepEqual(buttons.clean.parse('clean:go:journal'), { kind: 'go', kinds: ['journal'] });
  for (const bad of ['clean:go', 'clean:go:', 'clean:go:podman', 'clean:go:apt:apt', 'clean:go:rm', 'clean:plan:x', 'clean:', 'alert:plan']) assert.equal(buttons.clean.parse(bad), undefined, bad);
});
