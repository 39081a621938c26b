import { mkdir } from 'node:fs/promises';
import { isNoSpaceError } from '@potion/adapters';
import { UserFacingError } from '../runtime/errors.js';
import { removeTree, snapshotsDir } from './layout.js';
import { acquireLock } from './lock.js';
import { checkTarget, diskSpace, hddGone, hddLostError } from './safety.js';
import { copySnapshot, prepareDataDir } from './snapshot-copy.js';
import { dumpDatabases } from './dumps.js';
import { estimateDelta } from './estimate.js';
import { finishSnapshot } from './snapshot-finish.js';
import { planSnapshot, type SnapshotPlan } from './snapshot-plan.js';
import type { SnapshotOptions, SnapshotOutcome } from './snapshot-types.js';
import { size } from '@potion/jobs';

export type { SnapshotOptions, SnapshotOutcome, Trigger } from './snapshot-types.js';

/**
 * Makes one snapshot: checks the HDD, dumps the databases of BACKUP_SQLITE, copies with `rsync -a --delete --link-dest`, hashes
 * (reusing the previous hash for files hard-linked to its unchanged copy), writes
 * manifest.json, summary.json and SHA256SUMS, syncs the file system, and only then renames
 * `.partial-<name>` to `<name>`. On failure the partial is removed (disk full, rsync error)
 * or kept for the next run to resume (cancelled); older snapshots are never touched.
 */
export async function createSnapshot(o: SnapshotOptions): Promise<SnapshotOutcome> {
  const startedAt = o.now();
  await checkTarget({ mountinfoPath: o.mountinfoPath, hddMount: o.hddMount, backupDir: o.backupDir });
  if (o.sources.sources.length === 0) {
    throw new UserFacingError(`Tidak ada folder sumber yang bisa di-backup (${o.sources.missing.join(', ') || 'BACKUP_SOURCES kosong'}). Cek BACKUP_SOURCES di .env.`);
  }
  const dir = snapshotsDir(o.backupDir);
  await mkdir(dir, { recursive: true });
  const release = await acquireLock(dir, `backup ${o.trigger}`);
  try {
    return await snapshotLocked(o, dir, startedAt);
  } finally {
    await release();
  }
}

/** Removes the partial and says the HDD is full, with the sizes (never retried: it would not help). */
async function noSpace(o: SnapshotOptions, plan: SnapshotPlan): Promise<never> {
  await removeTree(plan.partial);
  const estimate = (plan.estimate ??= await estimateDelta(o.sources, plan.prevMap, o.signal));
  const now = await diskSpace(plan.dir).catch(() => plan.space);
  throw new UserFacingError(
    `HDD penuh di tengah backup ❌. Backup ini butuh sekitar ${size(estimate.neededBytes)}, sisa ruang sebelum mulai ${size(plan.space.freeBytes)} (sekarang ${size(now.freeBytes)}). ` +
      `Snapshot setengah jadi sudah aku hapus, snapshot lama aman.\nCara beresin: hapus snapshot lama (💾 Backup → Restore list), kurangi BACKUP_KEEP_DAILY, atau kosongkan ruang di HDD. Mencoba lagi tanpa itu tidak akan membantu.`,
    { permanent: true, retryLater: false },
  );
}

/** Plan, dump the databases, copy, finish; a failure leaves the partial for a resume only when the run was cancelled. */
async function snapshotLocked(o: SnapshotOptions, dir: string, startedAt: number): Promise<SnapshotOutcome> {
  const plan = await planSnapshot(o, dir, startedAt);
  await prepareDataDir(o, plan);
  let copied: Awaited<ReturnType<typeof copySnapshot>>;
  let dumped: Awaited<ReturnType<typeof dumpDatabases>>;
  try {
    // Databases first: each dump is one consistent moment of its database, taken before
    // rsync copies the files around it (a failed dump fails the backup: dumps.ts).
    dumped = await dumpDatabases({
      partial: plan.partial,
      sqlite: o.sqlite ?? [],
      pg: o.pg ?? [],
      runner: o.runner,
      ...(o.dumpBusyMs !== undefined ? { busyMs: o.dumpBusyMs } : {}),
      tolerant: o.trigger === 'safety',
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (label) => plan.report(0, label, true),
    });
    copied = await copySnapshot(o, plan);
  } catch (err) {
    // The HDD went away: its partial (on the HDD, out of reach now) is resumed by the next run.
    if (await hddGone(o)) throw hddLostError(o.hddMount);
    if (isNoSpaceError(err)) return noSpace(o, plan);
    // Cancelled (worker stopping, timeout): keep the partial for the next run to resume.
    if (!o.signal?.aborted) await removeTree(plan.partial);
    throw err;
  }
  if ('noSpace' in copied) return noSpace(o, plan);
  plan.lap('rsync');

  try {
    return await finishSnapshot(o, plan, copied, dumped);
  } catch (err) {
    if (await hddGone(o)) throw hddLostError(o.hddMount);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return noSpace(o, plan);
    if (!o.signal?.aborted) await removeTree(plan.partial);
    throw err;
  }
}
