import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateDelta } from './estimate.js';
import { resolveSources } from './sources.js';

describe('backup size estimate', () => {
  it('counts files, folders and the changed bytes against the previous snapshot to the nanosecond, leaving out what rsync leaves out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'potion-estimate-'));
    try {
      const src = join(root, 'src');
      mkdirSync(join(src, 'a', 'b'), { recursive: true });
      mkdirSync(join(src, 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(src, 'node_modules', 'x', 'big.js'), 'x'.repeat(5000));
      writeFileSync(join(src, '.env'), 'BOT_TOKEN=secret');
      writeFileSync(join(src, '.env.example'), 'BOT_TOKEN=');
      writeFileSync(join(src, 'same.txt'), 'same');
      writeFileSync(join(src, 'a', 'touched.txt'), 'abcdef');
      writeFileSync(join(src, 'a', 'b', 'grown.txt'), 'grown!!');
      writeFileSync(join(src, Buffer.concat([Buffer.from(join('a', 'b') + '/'), Buffer.from([0x66, 0xff, 0x2e])]).toString('latin1')), '');
      writeFileSync(Buffer.concat([Buffer.from(join(src, 'a') + '/'), Buffer.from([0x6e, 0xe9, 0x77])]), 'new file');
      symlinkSync('same.txt', join(src, 'link'));
      utimesSync(join(src, 'a', 'touched.txt'), 1_700_000_000, 1_700_000_000);
      const ns = (p: string) => lstatSync(p, { bigint: true }).mtimeNs.toString();
      // Same size and the same mtime but for 1 ns: changed.
      const touched = BigInt(ns(join(src, 'a', 'touched.txt')));
      const previous = new Map([
        ['same.txt', { size: 4, mtimeNs: ns(join(src, 'same.txt')) }],
        ['a/touched.txt', { size: 6, mtimeNs: (touched + 1n).toString() }],
        ['a/b/grown.txt', { size: 3, mtimeNs: ns(join(src, 'a', 'b', 'grown.txt')) }],
      ]);
      const sources = await resolveSources(
        { sources: [src], defaultSources: false, excludes: [], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] },
        join(root, 'hdd', 'backups'),
        join(root, 'hdd'),
      );
      // Keys are relative to "/", as in a snapshot's data folder.
      const prev = new Map([...previous].map(([k, v]) => [join(src, k).slice(1), v]));
      const e = await estimateDelta(sources, prev);
      // Files: .env.example, same.txt, touched.txt, grown.txt, f\xff., n\xe9w (not .env, not node_modules/, not the link).
      assert.equal(e.files, 6);
      // src, a, a/b.
      assert.equal(e.dirs, 3);
      assert.equal(e.totalBytes, 10 + 4 + 6 + 7 + 0 + 8);
      assert.equal(e.changedBytes, 10 + 6 + 7 + 0 + 8);
      assert.equal(e.neededBytes, Math.ceil((e.changedBytes + 3 * 4096 + 6 * 250) * 1.05) + 1024 * 1024);
      const first = await estimateDelta(sources, undefined);
      assert.equal(first.changedBytes, first.totalBytes);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
