import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buttons } from './index.js';

test('🔄 Update buttons: the menu actions and ✅ Lanjut under a preview parse back; nothing else does', () => {
  for (const act of ['apt', 'deps', 'git'] as const) assert.equal(buttons.update.parse(buttons.update.build(act)), act);
  for (const go of ['apt', 'git'] as const) {
    const data = buttons.update.build({ go });
    assert.equal(data, `upd:go:${go}`);
    assert.deepEqual(buttons.update.parse(data), { go });
  }
  for (const bad of ['upd:go:deps', 'upd:go', 'upd:go:apt:x', 'upd:', 'upd:yum', 'net:apt']) assert.equal(buttons.update.parse(bad), undefined, bad);
});
