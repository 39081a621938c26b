import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { isoWeek, listSnapshots, planPrune, prune, type PruneCandidate } from '@potion/worker';
import { sha256sumCheck, snap } from '../harness/backup-helpers.js';

const DAY = 86400_000;
/** 02:30 Jakarta on 2026-09-27, the first of 60 simulated days (the last is 2026-11-25). */
const FIRST = Date.UTC(2026, 8, 26, 19, 30);
const NOW = FIRST + 59 * DAY;
const ymd = (at: number) => new Date(at + 7 * 3600_000).toISOString().slice(0, 10);

/** Worked out by hand from a calendar: 14 newest days + the newest of each of 8 ISO weeks. */
const EXPECTED = [
  '2026-10-11', '2026-10-18', '2026-10-25', '2026-11-01', '2026-11-08',
  '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18',
  '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25',
];

const sixtyDays = (): PruneCandidate[] =>
  Array.from({ length: 60 }, (_, i) => ({ name: ymd(FIRST + i * DAY), finishedAt: FIRST + i * DAY, status: 'ok' as const, trigger: 'scheduled' }));

describe('backup retention', () => {
  it('ISO weeks start on Monday', () => {
    assert.equal(isoWeek('2026-11-23'), '2026-W48');
    assert.equal(isoWeek('2026-11-22'), '2026-W47');
    assert.equal(isoWeek('2027-01-01'), '2026-W53');
  });

  it('60 days of daily snapshots keep exactly 14 daily + 8 weekly', () => {
    const plan = planPrune(sixtyDays(), { daily: 14, weekly: 8 }, NOW);
    assert.deepEqual(plan.keep, EXPECTED);
    assert.equal(plan.remove.length, 60 - EXPECTED.length);
  });

  it('never deletes the newest good snapshot, and keeps a recent safety snapshot', () => {
    const snaps = sixtyDays();
    snaps.push({ name: '2026-11-25_140000', finishedAt: NOW + 5 * 3600_000, status: 'partial', trigger: 'manual' });
    snaps.push({ name: '2026-11-25_120000', finishedAt: NOW + 3 * 3600_000, status: 'ok', trigger: 'safety' });
    const plan = planPrune(snaps, { daily: 1, weekly: 0 }, NOW + 6 * 3600_000);
    // The safety snapshot neither counts as the day's snapshot nor as the newest good one,
    // so the good scheduled backup of that day stays next to the partial one.
    assert.deepEqual(plan.keep, ['2026-11-25', '2026-11-25_120000', '2026-11-25_140000']);
    const onlyOldGood = planPrune(
      [
        { name: '2026-11-01', finishedAt: 0, status: 'ok', trigger: 'scheduled' },
        { name: '2026-11-02', finishedAt: 0, status: 'partial', trigger: 'scheduled' },
      ],
      { daily: 1, weekly: 0 },
      NOW,
    );
    assert.deepEqual(onlyOldGood.keep, ['2026-11-01', '2026-11-02']);
  });

  it('a safety snapshot taken before a restore does not push out the snapshot that was restored', () => {
    const plan = planPrune(
      [
        { name: '2026-11-25', finishedAt: NOW, status: 'ok', trigger: 'manual' },
        { name: '2026-11-25_150000', finishedAt: NOW + 3600_000, status: 'ok', trigger: 'safety' },
      ],
      { daily: 14, weekly: 8 },
      NOW + 2 * 3600_000,
    );
    assert.deepEqual(plan.remove, []);
    const later = planPrune(
      [
        { name: '2026-11-25', finishedAt: NOW, status: 'ok', trigger: 'manual' },
        { name: '2026-11-25_150000', finishedAt: NOW + 3600_000, status: 'ok', trigger: 'safety' },
      ],
      { daily: 14, weekly: 8 },
      NOW + 8 * DAY,
    );
    assert.deepEqual(later.remove, ['2026-11-25_150000'], 'an old safety snapshot goes once its week is over');
  });

  it('pruning real snapshots over 60 days keeps the expected set, and the kept ones still pass sha256sum -c', async () => {
    const sb: BackupSandbox = createBackupSandbox();
    after(() => sb.cleanup());
    writeFileSync(join(sb.src, 'stable.txt'), 'the same every day');
    for (let i = 0; i < 60; i += 1) {
      writeFileSync(join(sb.src, 'daily.txt'), `day ${i}`);
      await snap(sb, { now: () => FIRST + i * DAY });
    }
    const plan = await prune(sb.backupDir, await listSnapshots(sb.backupDir), { daily: 14, weekly: 8 }, NOW);
    assert.equal(plan.remove.length, 41);
    const left = await listSnapshots(sb.backupDir);
    assert.deepEqual(left.map((s) => s.name), EXPECTED);
    for (const s of left) sha256sumCheck(s.path);
  });
});
