import type { JobName, JobData, Producer } from '@potion/jobs';
import type { Config } from '@potion/platform';
import { defaultJobOptions, jobs, KEEP_FAILED } from '@potion/jobs';
import { dailyPattern } from '../backup/due-time.js';
import { SECURITY_COUNT_EVERY_MS } from '../host/updates.js';
import { MUTE_END_WITHIN_MS, muteEndsBySample } from '../alerts/mute-ends.js';

export interface Schedule<N extends JobName = JobName> {
  /** The scheduler id in Redis (`potion:read@home:repeat:<id>`). */
  id: string;
  job: N;
  data: JobData<N>;
  every?: number;
  pattern?: string;
}

/** What the running worker does itself, which the schedulers then need not do. */
export interface ScheduleRuntime {
  /**
   * The journal follower runs (decision 051) and reads the journal itself while one of its
   * streams is down (decision 056): no `health.events` job. Default true (every worker with
   * schedules has one).
   */
  journalFollowed?: boolean;
}

/** Settings from the bot that change schedules (the settings hash), over the .env defaults. */
export interface ScheduleSettings {
  /** Daily backup time "HH:MM" in TIMEZONE. Default: BACKUP_TIME. */
  backupTime?: string;
}

export const BACKUP_SCHEDULER_ID = 'backup.daily';

/** The weekly SMART check: Sunday 04:00 in TIMEZONE, after the daily backup. */
export const SMART_CHECK_PATTERN = '0 4 * * 0';

export function backupSchedule(config: Config, time = config.backup.time): Schedule<'backup.run'> {
  return { id: BACKUP_SCHEDULER_ID, job: 'backup.run', data: { trigger: 'scheduled' }, pattern: dailyPattern(time) };
}

export const HOSTS_SCHEDULER_ID = 'health.hosts';
export const MUTE_ENDS_SCHEDULER_ID = 'health.muteEnds';
export const EVENTS_SCHEDULER_ID = 'health.events';

export const OFFSITE_SCHEDULER_ID = 'offsite.weekly';

/** The weekly off-site copy (OFFSITE_SCHEDULE); none while OFFSITE_REMOTE is empty. */
export function offsiteSchedule(config: Config): Schedule<'offsite.run'> | undefined {
  if (!config.offsite.remote) return undefined;
  const [h, m] = config.offsite.schedule.time.split(':').map(Number);
  return { id: OFFSITE_SCHEDULER_ID, job: 'offsite.run', data: { trigger: 'scheduled' }, pattern: `${m} ${h} * * ${config.offsite.schedule.weekday}` };
}

/** Every repeatable job of the system, declared in this one place. */
export function schedules(config: Config, settings: ScheduleSettings = {}, runtime: ScheduleRuntime = {}): Schedule[] {
  const offsite = offsiteSchedule(config);
  // Every scheduled job costs an idle worker a BullMQ round (docs/decisions/056): what the
  // sample or the follower already does has no scheduler.
  const muteEnds = !muteEndsBySample(config);
  const events = runtime.journalFollowed === false;
  return [
    { id: 'health.sample', job: 'health.sample', data: {}, every: config.sampleIntervalMs },
    { id: 'health.heartbeat', job: 'health.heartbeat', data: {}, every: config.heartbeatIntervalMs },
    backupSchedule(config, settings.backupTime),
    { id: 'smart.weekly', job: 'smart.check', data: {}, pattern: SMART_CHECK_PATTERN },
    { id: 'health.digest', job: 'health.digest', data: {}, pattern: dailyPattern(config.alerts.digestTime) },
    // Pending security updates for 📊 Status and the digest (update.apt counts again after an upgrade).
    { id: 'health.updates', job: 'health.updates', data: {}, every: SECURITY_COUNT_EVERY_MS },
    // Mute ends are announced within a minute of the end they show: by the sample when samples
    // come at least every minute, else by this.
    ...(muteEnds ? [{ id: MUTE_ENDS_SCHEDULER_ID, job: 'health.muteEnds' as const, data: {}, every: MUTE_END_WITHIN_MS }] : []),
    ...(offsite ? [offsite] : []),
    // Who got in and what the kernel did: new journal lines (sshd, sudo, kernel) every minute,
    // only for a worker without the journal follower (which reads them itself).
    ...(events ? [{ id: EVENTS_SCHEDULER_ID, job: 'health.events' as const, data: {}, every: 60_000 }] : []),
    // The main host listens for the other hosts' heartbeats (a joined host cannot read the
    // registry): every minute, or at each heartbeat interval when that is shorter (checking
    // more often than heartbeats come tells nothing new).
    ...(config.hostRole === 'main' ? [{ id: HOSTS_SCHEDULER_ID, job: 'health.hosts' as const, data: {}, every: Math.min(60_000, config.heartbeatIntervalMs) }] : []),
  ];
}

function backoffOf(def: (typeof jobs)[JobName]): { backoff?: { type: 'exponential'; delay: number } } {
  const b = defaultJobOptions(def.queue, def.attempts, 'backoffMs' in def ? def.backoffMs : undefined).backoff;
  return typeof b === 'object' && b.type === 'exponential' && b.delay !== undefined ? { backoff: { type: 'exponential', delay: b.delay } } : {};
}

/** Upserts one scheduler (also used when the user changes the backup time). */
export async function upsertSchedule(producer: Producer, config: Config, s: Schedule, now: () => number): Promise<void> {
  const def = jobs[s.job];
  await producer.queue(def.queue).upsertJobScheduler(
    s.id,
    { ...(s.every ? { every: s.every } : {}), ...(s.pattern ? { pattern: s.pattern, tz: config.timezone } : {}) },
    {
      name: s.job,
      data: { payload: s.data, meta: { requestId: `sched-${s.id.replace(/[^A-Za-z0-9_-]/g, '-')}`, by: { kind: 'scheduler', name: s.id }, enqueuedAt: now() } },
      // The same retry backoff as a job from the bot (a scheduled off-site copy waits 10 min, then 20).
      opts: { attempts: def.attempts, ...backoffOf(def), removeOnComplete: { count: 50 }, removeOnFail: KEEP_FAILED },
    },
  );
}

/**
 * Upserts the job schedulers (BullMQ v6). Called only from the worker's start: upsert is
 * idempotent, so twenty restarts still leave exactly one scheduler per id.
 */
export async function installSchedules(producer: Producer, config: Config, now: () => number, settings: ScheduleSettings = {}, runtime: ScheduleRuntime = {}): Promise<string[]> {
  const ids: string[] = [];
  const list = schedules(config, settings, runtime);
  for (const s of list) {
    await upsertSchedule(producer, config, s, now);
    ids.push(s.id);
  }
  // OFFSITE_REMOTE emptied since the last start: its weekly scheduler goes too.
  if (!offsiteSchedule(config)) await producer.queue(jobs['offsite.run'].queue).removeJobScheduler(OFFSITE_SCHEDULER_ID);
  if (config.hostRole !== 'main') await producer.queue(jobs['health.hosts'].queue).removeJobScheduler(HOSTS_SCHEDULER_ID);
  // Left by an older version (or other settings) when the sample or the follower does it now.
  for (const [id, job] of [[MUTE_ENDS_SCHEDULER_ID, 'health.muteEnds'], [EVENTS_SCHEDULER_ID, 'health.events']] as const) {
    if (!list.some((s) => s.id === id)) await producer.queue(jobs[job].queue).removeJobScheduler(id);
  }
  return ids;
}
