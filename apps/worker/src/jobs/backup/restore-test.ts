import type { JobResult } from '@potion/jobs';
import { restoreTest } from '../../backup/restore-test.js';
import type { JobContext } from '../../runtime/context.js';

type RestoreTest = NonNullable<JobResult<'backup.run'>['restoreTest']>;

/**
 * After a successful snapshot: restores BACKUP_RESTORE_TEST_FILES random files of it into a
 * scratch folder on the HDD and compares them with the manifest. Undefined when switched off.
 */
export async function restoreTestOf(ctx: JobContext, snapshotPath: string): Promise<RestoreTest | undefined> {
  const sample = ctx.config.backup.restoreTestFiles ?? 20;
  if (sample <= 0) return undefined;
  await ctx.progress(99, 'uji restore: mengembalikan file acak dan mencocokkan checksum');
  const r = await restoreTest({ snapshotPath, sample, scratchDir: ctx.config.backupDir, runner: ctx.runner, signal: ctx.signal, now: ctx.now });
  ctx.log[r.ok ? 'info' : 'error']({ module: 'worker:backup', snapshot: snapshotPath, ...r }, r.ok ? 'restore test passed' : 'restore test FAILED');
  return r;
}
