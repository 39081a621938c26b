import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePath, encodePath, entryKey, pathKey } from './manifest.js';

describe('manifest path keys', () => {
  it('the key of an entry is the latin1 string of its raw bytes, for ASCII, UTF-8 and non-UTF-8 names alike', () => {
    const names = [Buffer.from('home/pi/app/a.txt'), Buffer.from('home/pi/café/naïve ☕.md'), Buffer.from([0x61, 0x2f, 0xff, 0xfe, 0x41]), Buffer.from('tab\there\nnewline')];
    for (const rel of names) {
      const e = encodePath(rel);
      assert.equal(entryKey(e), pathKey(rel));
      assert.ok(decodePath(e).equals(rel));
    }
  });
});
