import { join } from 'node:path';
import { listSnapshots, type SnapshotDir } from '../../backup/layout.js';
import { createSnapshot, type SnapshotOutcome, type Trigger } from '../../backup/snapshot.js';
import { resolveSources } from '../../backup/sources.js';
import { clearRunning, setRunning } from '../../backup/state.js';
import type { Deps, JobContext } from '../../runtime/context.js';
import { UserFacingError } from '../../runtime/errors.js';

export function mountinfoPath(deps: Deps): string {
  return join(deps.procRoot, 'self', 'mountinfo');
}

/** Takes a snapshot with the configured sources, reporting progress to the chat and to Redis. */
export async function snapshotNow(ctx: JobContext, trigger: Trigger, startedAt: number): Promise<SnapshotOutcome> {
  const { config } = ctx;
  const sources = await resolveSources(config.backup, config.backupDir, config.hddMount);
  try {
    return await createSnapshot({
      backupDir: config.backupDir,
      hddMount: config.hddMount,
      mountinfoPath: mountinfoPath(ctx),
      timeZone: config.timezone,
      sources,
      sqlite: config.backup.sqlite ?? [],
      pg: config.backup.pg ?? [],
      trigger,
      requestId: ctx.requestId,
      runner: ctx.runner,
      now: ctx.now,
      signal: ctx.signal,
      onProgress: async (percent, label) => {
        await setRunning(ctx.redis, ctx.keys, { requestId: ctx.requestId, startedAt, percent, label, trigger });
        await ctx.progress(percent, label);
      },
    });
  } finally {
    // However the snapshot ends (a restore's safety snapshot too): no phantom running backup.
    await clearRunning(ctx.redis, ctx.keys, ctx.requestId);
  }
}

/** A snapshot by name, or the newest when `name` is undefined. */
export async function findSnapshot(backupDir: string, name: string | undefined): Promise<SnapshotDir> {
  const snaps = await listSnapshots(backupDir);
  const s = name === undefined ? snaps.at(-1) : snaps.find((x) => x.name === name);
  if (!s) {
    throw new UserFacingError(
      name === undefined ? 'Belum ada snapshot backup sama sekali. Coba 💾 Backup → Backup now dulu ya.' : `Snapshot ${name} tidak ditemukan (mungkin sudah terhapus oleh retensi). Cek lagi di 💾 Backup → Restore list.`,
    );
  }
  return s;
}
