import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNext } from './safe-next.js';

test('next= keeps a path on this site', () => {
  for (const p of ['/', '/queues', '/queues/queue/read%40home?status=failed', '/metrics#x', '/a b']) assert.equal(safeNext(p), p, p);
});

test('next= refuses anything a browser could read as another site, decoded or not', () => {
  const offsite = [
    '//evil.example', 'https://evil.example/', 'evil.example', '/\\evil.example', '\\\\evil.example',
    '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', ' //evil.example', '/ /evil.example'.replace(' ', '\t'),
    '/%09/evil.example', '/%0a/evil.example', '/%2F/evil.example', '/%2f%2fevil.example', '/%5Cevil.example', '/%2509/evil.example',
    '/x%5C..%5C..%5Cevil', '/\u0000//evil.example', '/\u202E/evil.example', '/%E2%80%AE/x', '/%zz', '', 'x'.repeat(3000),
  ];
  for (const p of offsite) assert.equal(safeNext(p), '/', JSON.stringify(p));
  for (const v of [undefined, null, 42, ['/queues'], { a: 1 }]) assert.equal(safeNext(v), '/');
});
