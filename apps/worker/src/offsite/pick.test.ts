import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pickVerifiedSnapshot } from './pick.js';

/** A snapshot folder that listSnapshots accepts, with an optional verified.json. */
function fakeSnapshot(backupDir: string, name: string, verified?: boolean): void {
  const dir = join(backupDir, 'snapshots', name);
  mkdirSync(dir, { recursive: true });
  const summary = { snapshot: name, trigger: 'manual', status: 'ok', previous: null, files: 1, totalBytes: 1, newFiles: 1, changedFiles: 0, deletedFiles: 0, bytesWritten: 1, hashedBytes: 1, durationMs: 1, hddFreeBytes: 1, hddSizeBytes: 1, warnings: { vanished: [], failed: [] }, resumed: false, finishedAt: 1, startedAt: 0, sources: [], version: 1, excludes: [], dev: '1', dirs: 0, symlinks: 0, reusedHashes: 0, rsync: { exitCode: 0, transferredFiles: 1, literalBytes: 1, totalSizeBytes: 1 }, tools: { rsync: '3', node: '22' } };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(dir, 'manifest.json'), '{}');
  writeFileSync(join(dir, 'SHA256SUMS'), '');
  if (verified !== undefined) writeFileSync(join(dir, 'verified.json'), JSON.stringify({ at: 1, mode: 'quick', ok: verified }));
}

test('the newest snapshot that passed verification is picked; failed ones are skipped and named; unverified ones are verified first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-pick-'));
  try {
    fakeSnapshot(dir, '2026-11-20', true);
    fakeSnapshot(dir, '2026-11-21', false);
    fakeSnapshot(dir, '2026-11-22');
    const asked: string[] = [];
    const p = await pickVerifiedSnapshot(dir, async (s) => (asked.push(s.name), false));
    assert.deepEqual(asked, ['2026-11-22']);
    assert.equal(p?.snap.name, '2026-11-20');
    assert.deepEqual(p?.skipped, ['2026-11-22', '2026-11-21']);
    assert.equal(p?.verifiedNow, false);
    const q = await pickVerifiedSnapshot(dir, async () => true);
    assert.equal(q?.snap.name, '2026-11-22');
    assert.equal(q?.verifiedNow, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
