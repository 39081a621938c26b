import { UserFacingError } from '../../runtime/errors.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isMountPoint } from '@potion/adapters';
import { jobs, settingsFields, type JobResult } from '@potion/jobs';
import { nextDueTime } from '../../backup/due-time.js';
import { listSnapshots, snapshotsDir, toInfo } from '../../backup/layout.js';
import { acquireLock } from '../../backup/lock.js';
import { prune } from '../../backup/retention.js';
import { diskSpace } from '../../backup/safety.js';
import { clearRunning, getLastOk, getRunning, setLastOk } from '../../backup/state.js';
import type { JobContext } from '../../runtime/context.js';
import { clearBackupMutes, setBackupMutes } from '../../alerts/mutes.js';
import { userErrorText, userErrorMarkup } from '../../runtime/outcome.js';
import { BackupBusyError } from '../../runtime/errors.js';
import { backupSchedule, upsertSchedule } from '../../runtime/schedules.js';
import { backupInterrupted } from './interrupted.js';
import { restoreTestOf } from './restore-test.js';
import { busyText, presentList, presentPrune, presentRun, presentSchedule, restoreTestAlert, scheduledFailedText, scheduledWarningsText } from './present.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { mountinfoPath, snapshotNow } from './common.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { Handler } from '../types.js';

/** An alert about this backup job for every admin: `alert.<what>.<jobId>.<admin>`, the same ids on a retry. */
const adminAlert = (ctx: JobContext, what: string) =>
  ({ purpose: 'alert', id: `${what}.${ctx.jobId}`, kind: 'alert', requestId: ctx.requestId, source: 'backup', now: ctx.now() }) as const;

async function pruneLocked(ctx: JobContext): Promise<{ keep: string[]; remove: string[] }> {
  const release = await acquireLock(snapshotsDir(ctx.config.backupDir), 'prune');
  try {
    const snaps = await listSnapshots(ctx.config.backupDir);
    return await prune(ctx.config.backupDir, snaps, { daily: ctx.config.backup.keepDaily, weekly: ctx.config.backup.keepWeekly }, ctx.now());
  } finally {
    await release();
  }
}

async function runBackup(data: { trigger: 'manual' | 'scheduled' | 'catch-up' }, ctx: JobContext): Promise<JobResult<'backup.run'>> {
  const log = ctx.log.child({ module: 'worker:backup' });
  // A second "Backup now" that waited behind a running backup reports that one instead.
  const last = await getLastOk(ctx.redis, ctx.keys);
  if (data.trigger === 'manual' && last && last.startedAt >= ctx.meta.enqueuedAt) return { ...last.result, ran: false };
  const startedAt = ctx.now();
  // The backup's own rsync and hashing keep the CPU busy: that alert (only that one) waits
  // for it to end; the key expires by itself if the worker dies.
  await setBackupMutes(ctx.redis, ctx.keys, startedAt, jobs['backup.run'].timeoutMs);
  let ownsMutes = true;
  try {
    const out = await snapshotNow(ctx, data.trigger, startedAt);
    let pruned: string[] = [];
    try {
      pruned = (await pruneLocked(ctx)).remove;
    } catch (err) {
      log.error({ err }, 'pruning after the backup failed; snapshots are kept');
    }
    const s = out.summary;
    const result: JobResult<'backup.run'> = {
      ran: true,
      snapshot: out.name,
      trigger: data.trigger,
      status: s.status,
      previous: s.previous,
      files: s.files,
      totalBytes: s.totalBytes,
      newFiles: s.newFiles,
      changedFiles: s.changedFiles,
      deletedFiles: s.deletedFiles,
      bytesWritten: s.bytesWritten,
      hashedBytes: s.hashedBytes,
      durationMs: s.durationMs,
      hddFreeBytes: (await diskSpace(ctx.config.backupDir).catch(() => out.hdd)).freeBytes,
      hddSizeBytes: out.hdd.sizeBytes,
      warnings: s.warnings,
      pruned,
      resumed: out.resumed,
      ...(s.dumps ? { dumps: s.dumps } : {}),
    };
    const tested = await restoreTestOf(ctx, out.path);
    if (tested) result.restoreTest = tested;
    await setLastOk(ctx.redis, ctx.keys, { startedAt, finishedAt: s.finishedAt, result });
    log.info({ snapshot: out.name, status: s.status, files: s.files, bytesWritten: s.bytesWritten, ms: s.durationMs, pruned }, 'backup done');
    // The admin who asked reads it in the result; every other admin gets an alert.
    if (tested && !tested.ok) {
      const except = ctx.meta.chatId !== undefined ? { except: ctx.meta.chatId } : {};
      await tellAdmins(ctx, { ...adminAlert(ctx, 'restore-test'), text: restoreTestAlert(result.snapshot, tested), ...except });
    }
    if (data.trigger !== 'manual' && (s.warnings.failed.length || s.warnings.vanished.length)) {
      await tellAdmins(ctx, { ...adminAlert(ctx, 'backup-warn'), text: scheduledWarningsText(result) });
    }
    return result;
  } catch (err) {
    if (err instanceof BackupBusyError) {
      ownsMutes = false; // they belong to the backup that is running
      const running = await getRunning(ctx.redis, ctx.keys);
      throw new UserFacingError(running ? busyText(running, ctx.config.timezone) : err.text);
    }
    if (data.trigger !== 'manual' && ctx.finalAttempt) {
      await tellAdmins(ctx, { ...adminAlert(ctx, 'backup-fail'), text: scheduledFailedText(userErrorMarkup(err), ctx.requestId) });
    }
    throw err;
  } finally {
    await clearRunning(ctx.redis, ctx.keys, ctx.requestId);
    if (ownsMutes) await clearBackupMutes(ctx.redis, ctx.keys);
  }
}

export const backupRun: Handler<'backup.run'> = {
  run: runBackup,
  present: presentRun,
  interrupted: backupInterrupted,
};

export const backupPrune: Handler<'backup.prune'> = {
  run: async (_d, ctx) => {
    const plan = await pruneLocked(ctx);
    return { kept: plan.keep, removed: plan.remove };
  },
  present: presentPrune,
};

async function backupTimeOf(ctx: JobContext): Promise<string> {
  return (await ctx.redis.hget(ctx.keys.settings, settingsFields.backupTime)) ?? ctx.config.backup.time;
}

export const backupList: Handler<'backup.list'> = {
  run: async (_d, ctx) => {
    const { config } = ctx;
    const mountinfo = await readFile(mountinfoPath(ctx), 'utf8').catch(() => '');
    const mounted = existsSync(config.hddMount) && isMountPoint(mountinfo, config.hddMount);
    const space = mounted ? await diskSpace(config.backupDir).catch(() => ({ freeBytes: 0, sizeBytes: 0 })) : { freeBytes: 0, sizeBytes: 0 };
    const snaps = mounted ? await listSnapshots(config.backupDir) : [];
    const time = await backupTimeOf(ctx);
    return {
      snapshots: snaps.map(toInfo),
      hdd: { mount: config.hddMount, mounted, ...space },
      running: await getRunning(ctx.redis, ctx.keys),
      nextRunAt: nextDueTime(ctx.now(), time, config.timezone),
      time,
      timezone: config.timezone,
    };
  },
  present: presentList,
};

export const backupScheduleHandler: Handler<'backup.schedule'> = {
  run: async (data, ctx) => {
    await ctx.redis.hset(ctx.keys.settings, settingsFields.backupTime, data.time);
    await saveStateMirror(ctx);
    await upsertSchedule(ctx.producer, ctx.config, backupSchedule(ctx.config, data.time), ctx.now);
    return { time: data.time, timezone: ctx.config.timezone, nextRunAt: nextDueTime(ctx.now(), data.time, ctx.config.timezone) };
  },
  present: presentSchedule,
};
