import type { z } from 'zod';
import type { JobDef, QueueKind } from './define.js';
import { backupJobs } from './backup.js';
import { backupBrowseJobs } from './backup-browse.js';
import { chartJobs } from './chart.js';
import { cleanJobs } from './clean.js';
import { dockerJobs } from './docker.js';
import { healthJobs } from './health.js';
import { hostJobs } from './host.js';
import { logsJobs } from './logs.js';
import { netJobs } from './net.js';
import { notifyJobs } from './notify.js';
import { offsiteJobs } from './offsite.js';
import { selfUpdateJobs } from './selfupdate.js';
import { serviceJobs } from './service.js';
import { settingsJobs } from './settings.js';
import { settingsTuneJobs } from './settings-tune.js';
import { smartJobs } from './smart.js';
import { statusJobs } from './status.js';
import { updateJobs } from './update.js';

/**
 * The job registry: every job of the system, named once. The bot, the worker, the
 * dashboard and the tests import names and types from here.
 */
export const jobs = {
  ...statusJobs,
  ...serviceJobs,
  ...logsJobs,
  ...netJobs,
  ...updateJobs,
  ...hostJobs,
  ...healthJobs,
  ...notifyJobs,
  ...backupJobs,
  ...backupBrowseJobs,
  ...offsiteJobs,
  ...settingsJobs,
  ...settingsTuneJobs,
  ...chartJobs,
  ...smartJobs,
  ...cleanJobs,
  ...selfUpdateJobs,
  ...dockerJobs,
} as const satisfies Record<string, JobDef>;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export type JobData<N extends JobName> = z.infer<Jobs[N]['data']>;
export type JobResult<N extends JobName> = z.infer<Jobs[N]['result']>;
/** Jobs of one queue kind. */
export type JobsOf<K extends QueueKind> = { [N in JobName]: Jobs[N]['queue'] extends K ? N : never }[JobName];
/** Jobs the worker runs (everything but the outbox). */
export type WorkerJobName = Exclude<JobName, JobsOf<'notify'>>;

export const JOB_NAMES = Object.keys(jobs) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}
