import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dailyPattern, lastDueTime, nextDueTime } from './due-time.js';
import { chooseSnapshotName, takenIn } from './layout.js';

const iso = (t: number) => new Date(t).toISOString();

describe('backup schedule times', () => {
  it('02:30 in Jakarta is 19:30 UTC the day before', () => {
    // 2026-11-25 08:00 Jakarta = 01:00 UTC.
    const now = Date.UTC(2026, 10, 25, 1, 0);
    assert.equal(iso(lastDueTime(now, '02:30', 'Asia/Jakarta')), '2026-11-24T19:30:00.000Z');
    assert.equal(iso(nextDueTime(now, '02:30', 'Asia/Jakarta')), '2026-11-25T19:30:00.000Z');
  });

  it('before today\'s time, the last due time was yesterday', () => {
    // 2026-11-25 01:00 Jakarta = 2026-11-24 18:00 UTC.
    const now = Date.UTC(2026, 10, 24, 18, 0);
    assert.equal(iso(lastDueTime(now, '02:30', 'Asia/Jakarta')), '2026-11-23T19:30:00.000Z');
  });

  it('follows daylight saving time in zones that have it', () => {
    // Berlin, 2026-03-29 is the spring change: 02:30 does not exist, 03:15 is UTC+2.
    const now = Date.UTC(2026, 2, 29, 12, 0);
    assert.equal(iso(lastDueTime(now, '03:15', 'Europe/Berlin')), '2026-03-29T01:15:00.000Z');
  });

  it('builds the cron pattern and the snapshot names', () => {
    assert.equal(dailyPattern('02:30'), '30 2 * * *');
    const at = Date.UTC(2026, 10, 24, 19, 30, 5); // 02:30:05 on the 25th in Jakarta
    const taken = new Set<string>();
    const a = chooseSnapshotName(at, 'Asia/Jakarta', (n) => taken.has(n));
    taken.add(a);
    const b = chooseSnapshotName(at, 'Asia/Jakarta', (n) => taken.has(n));
    taken.add(b);
    const c = chooseSnapshotName(at, 'Asia/Jakarta', (n) => taken.has(n));
    assert.deepEqual([a, b, c], ['2026-11-25', '2026-11-25_023005', '2026-11-25_023005-2']);
  });

  it('does not reuse the bare date after that snapshot was pruned, so a new snapshot always sorts last', () => {
    const at = Date.UTC(2026, 10, 25, 8, 0, 0); // 15:00:00 in Jakarta
    // The morning's 2026-11-25 was pruned by the 14:00 backup of the same day.
    const name = chooseSnapshotName(at, 'Asia/Jakarta', takenIn(['2026-11-24', '2026-11-25_140000', '.lock']));
    assert.equal(name, '2026-11-25_150000');
    assert.ok(['2026-11-24', '2026-11-25_140000', name].sort().at(-1) === name);
    assert.equal(chooseSnapshotName(at, 'Asia/Jakarta', takenIn(['2026-11-24', '2026-11-24_230000', '.partial-2026-11-25'])), '2026-11-25');
  });
});
