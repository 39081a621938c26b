import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDu } from './du.js';

// `du -x -B1 --max-depth=1 -- /mnt/potion-data` on Ubuntu 24.04 (coreutils 9.4).
const SAMPLE = `4096\t/mnt/potion-data/lost+found
52613349376\t/mnt/potion-data/backups
1048576000\t/mnt/potion-data/dumps
73728\t/mnt/potion-data/logs
53662052352\t/mnt/potion-data
`;

describe('du parser', () => {
  it('lists sub-folders biggest first and keeps the asked folder as the total', () => {
    const r = parseDu(SAMPLE, '/mnt/potion-data/');
    assert.equal(r.total?.bytes, 53662052352);
    assert.deepEqual(r.entries.map((e) => e.path), ['/mnt/potion-data/backups', '/mnt/potion-data/dumps', '/mnt/potion-data/logs', '/mnt/potion-data/lost+found']);
  });

  it('keeps only the limit and ignores du complaints mixed into the output', () => {
    const r = parseDu(`du: cannot read directory '/root': Permission denied\n${SAMPLE}`, '/mnt/potion-data', 2);
    assert.equal(r.entries.length, 2);
    assert.equal(r.entries[0]!.bytes, 52613349376);
  });
});
