import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buttons } from './index.js';

const parseBrowseData = (d: string) => buttons.browse.parse(d);
const parseBackupData = (d: string) => buttons.backup.parse(d);

test('browse buttons: a token and an index, page, up, restore or send; nothing else', () => {
  assert.deepEqual(parseBrowseData('bb:EBRJMAbf:o7'), { token: 'EBRJMAbf', act: 'open', n: 7 });
  assert.deepEqual(parseBrowseData('bb:EBRJMAbf:p12'), { token: 'EBRJMAbf', act: 'page', n: 12 });
  assert.deepEqual(parseBrowseData('bb:EBRJ-A_f:u'), { token: 'EBRJ-A_f', act: 'up', n: 0 });
  assert.deepEqual(parseBrowseData('bb:EBRJMAbf:r'), { token: 'EBRJMAbf', act: 'restore', n: 0 });
  assert.deepEqual(parseBrowseData('bb:EBRJMAbf:s'), { token: 'EBRJMAbf', act: 'send', n: 0 });
  for (const bad of ['bb:EBRJMAbf', 'bb:EBRJMAbf:x', 'bb:EBRJMAbf:o', 'bb:EBRJMAbf:o123', 'bb:/etc/passwd:s', 'bb:ab:o1', `bb:${'a'.repeat(70)}:o1`, 'bb:EBRJMAbf:s:extra']) {
    assert.equal(parseBrowseData(bad), undefined, bad);
  }
});

test('a restore plan continues by its token; a snapshot opens with bk:o', () => {
  assert.deepEqual(parseBackupData('bk:go:EBRJMAbf'), { kind: 'plan-go', token: 'EBRJMAbf' });
  assert.deepEqual(parseBackupData('bk:o:2026-12-06'), { kind: 'snapshot', act: 'o', snapshot: '2026-12-06' });
  assert.equal(parseBackupData('bk:go:/etc'), undefined);
});
