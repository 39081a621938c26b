import { settingsFields, type Producer, type HostKeys } from '@potion/jobs';
import { type Config } from '@potion/platform';
import type { Redis } from 'ioredis';
import { lastDueTime } from './due-time.js';
import { getLastOk } from './state.js';

export interface CatchUpDecision {
  enqueued: boolean;
  reason: string;
  lastDue: number;
  jobId?: string;
}

/**
 * Job schedulers do not backfill: when the laptop was off at the backup time, nothing runs
 * until the next day. At worker start this compares the last successful backup with the
 * last due time and enqueues exactly one catch-up run (a job id per due time, so restarts do
 * not add more).
 */
export async function catchUpBackup(redis: Redis, hk: HostKeys, producer: Producer, config: Config, now: number): Promise<CatchUpDecision> {
  const time = (await redis.hget(hk.settings, settingsFields.backupTime)) ?? config.backup.time;
  await redis.hsetnx(hk.settings, settingsFields.backupScheduleSince, String(now));
  const since = Number(await redis.hget(hk.settings, settingsFields.backupScheduleSince));
  const lastDue = lastDueTime(now, time, config.timezone);
  if (!(lastDue > since)) return { enqueued: false, reason: 'schedule installed after the last due time', lastDue };
  const last = await getLastOk(redis, hk);
  if (last && last.startedAt >= lastDue - 60_000) return { enqueued: false, reason: 'backed up since the last due time', lastDue };
  const q = producer.queue('backup');
  const pending = await q.getJobs(['active', 'waiting', 'prioritized'], 0, 50);
  if (pending.some((j) => j.name === 'backup.run')) return { enqueued: false, reason: 'a backup is already queued or running', lastDue };
  const jobId = `backup-catchup-${lastDue}`;
  await producer.enqueue(
    'backup.run',
    { trigger: 'catch-up' },
    { requestId: `catchup-${lastDue}`, by: { kind: 'scheduler', name: 'backup.catch-up' }, enqueuedAt: now },
    { jobId },
  );
  return { enqueued: true, reason: 'missed the last due time', lastDue, jobId };
}
