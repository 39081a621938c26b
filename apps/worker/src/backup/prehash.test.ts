import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreHasher } from './prehash.js';

const turn = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('pre-hashing during the copy', () => {
  it('waits for a file rsync announced until it is in place, then hashes it with the identity it read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-prehash-'));
    try {
      const pre = new PreHasher(Buffer.from(dir));
      pre.push(Buffer.from('sub/late.txt'));
      await turn(30);
      assert.equal(pre.hashes.size, 0, 'not there yet');
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub/late.txt'), 'abc');
      await pre.drain();
      assert.equal(pre.hashes.get('sub/late.txt')?.sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      assert.equal(pre.bytes, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cancelled copy stops the lane at once and the event loop keeps running', async () => {
    const ac = new AbortController();
    const pre = new PreHasher(Buffer.from('/nonexistent-potion-data'), ac.signal);
    pre.push(Buffer.from('announced-never-written'));
    pre.push(Buffer.from('another'));
    await turn(20);
    ac.abort();
    // The event loop keeps running: a 5 ms timer fires three times (within 5 s, a bound for a
    // loaded machine, not a pace; a lane spinning on abort starves it forever).
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const until = Date.now() + 5000;
    while (ticks < 3 && Date.now() < until) await turn(10);
    clearInterval(timer);
    assert.ok(ticks >= 3, `timers still fire after the abort (${ticks})`);
    await pre.drain();
    assert.equal(pre.hashes.size, 0);
  });

  it('a failed copy stops the lane without waiting out the names still queued', async () => {
    const pre = new PreHasher(Buffer.from('/nonexistent-potion-data'));
    for (let i = 0; i < 50; i += 1) pre.push(Buffer.from(`f${i}`));
    const t0 = performance.now();
    await pre.stop();
    assert.ok(performance.now() - t0 < 1000, 'stop() does not wait for the 10 s give-up');
    await pre.drain();
  });
});
