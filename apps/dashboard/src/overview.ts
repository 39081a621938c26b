import {
  alertRecord,
  hostSample,
  jobs,
  type HostKeys,
  readBackupLastOk,
  readBackupLastVerify,
  readBackupRunning,
  serviceState,
  type AlertRecord,
  type BackupLastOk,
  type BackupLastVerify,
  type BackupProgress,
  type HostSample,
  type JobName,
  type ProbeResult,
} from '@potion/jobs';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { jobFields, msField } from './job-fields.js';
import type { DashboardQueue } from './queues.js';

export type ServiceState = z.infer<typeof serviceState>;

export interface FinishedJob {
  name: string;
  queue: string;
  /** Unix ms when it finished. */
  at: number;
  ok: boolean;
  /** The failure reason, for failed jobs (scrubbed later with the whole page). */
  reason: string | undefined;
}

export interface Alert {
  id: string;
  fields: Record<string, string>;
  open: boolean;
  /** The hash read as the worker writes it; null for a hash it did not write (hand-made, older). */
  record: AlertRecord | null;
  /** Unix ms when its mute ends (a mute of its own, of every alert, or a backup's), else null. */
  mutedUntil: number | null;
}

/** A whitelisted unit as the page shows it. */
export interface ServiceView extends ServiceState {
  /** Stopped from the bot on purpose: its being down raises no alert. */
  stoppedOnPurpose: boolean;
  /** The SERVICE_PROBES answer of the newest sample; null without a probe of the unit. */
  probe: ProbeResult | null;
}

/** What the page says about backups, from the worker's own keys (libs/jobs backup-state). */
export interface BackupState {
  running: BackupProgress | null;
  lastOk: BackupLastOk | null;
  lastVerify: BackupLastVerify | null;
  // OFF-SITE COPY (issue 19 point 9): the off-site job is being added on another branch; when
  // its state key is in libs/jobs/src/keys.ts, read it here and fill home-backup.ts offsiteLine().
}

/** Everything the home page and /metrics show, read in one pass; missing parts are null. */
export interface Overview {
  redisOk: boolean;
  /** Why Redis could not be read, when it could not. */
  redisError: string | null;
  sample: HostSample | null;
  heartbeatAt: number | null;
  /** From the newest sample (the sampler reads the units every minute), or the newest 📊 Status. */
  services: { at: number; list: ServiceView[]; unread: string | null } | null;
  backup: BackupState;
  lastBackup: FinishedJob | null;
  lastSuccessfulBackup: FinishedJob | null;
  lastVerify: FinishedJob | null;
  alerts: Alert[];
}

/** The jobs the overview reports on: names of the registry, so a rename fails to compile here. */
const BACKUP_RUN_JOB = 'backup.run' satisfies JobName;
const BACKUP_VERIFY_JOB = 'backup.verify' satisfies JobName;
const STATUS_JOB = 'status.summary' satisfies JobName;
/** How many recent finished jobs per queue are searched for the newest of a name. */
const SCAN_JOBS = 200;

function parseJson(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

interface Newest {
  latest: FinishedJob | null;
  ok: FinishedJob | null;
  /** The id of the completed one, to read its result. */
  okId: string | null;
}

/** The queue a job lives on, as the registry assigns it. */
function queueOf(queues: readonly DashboardQueue[], name: JobName): DashboardQueue | undefined {
  return queues.find((q) => q.kind === jobs[name].queue);
}

/**
 * The newest finished job of each name (completed or failed, and completed only), from the
 * newest SCAN_JOBS finished jobs of the queue each name lives on. Reads the ids from BullMQ's
 * sorted sets and only the name, finish time and failure reason of each job, never the job
 * itself (its data and result): one pipelined read per queue and state.
 */
export async function newestFinished(
  redis: Redis,
  queues: readonly DashboardQueue[],
  wanted: readonly JobName[],
): Promise<Map<string, Newest>> {
  const out = new Map<string, Newest>(wanted.map((name) => [name, { latest: null, ok: null, okId: null }]));
  const byQueue = new Map<DashboardQueue, string[]>();
  for (const name of wanted) {
    const q = queueOf(queues, name);
    if (q) byQueue.set(q, [...(byQueue.get(q) ?? []), name]);
  }
  for (const [q, names] of byQueue) {
    for (const state of ['completed', 'failed'] as const) {
      // BullMQ keeps finished jobs in a sorted set scored by finish time: newest first.
      const ids = await redis.zrevrange(q.queue.toKey(state), 0, SCAN_JOBS - 1);
      const rows = await jobFields(redis, q, ids, ['name', 'finishedOn', 'failedReason']);
      ids.forEach((id, i) => {
        const row = rows[i]!;
        const at = msField(row.finishedOn);
        if (!at || row.name === null || !names.includes(row.name)) return;
        const ok = state === 'completed';
        const f: FinishedJob = { name: row.name, queue: q.name, at, ok, reason: ok ? undefined : (row.failedReason ?? undefined) };
        const slot = out.get(row.name)!;
        if (!slot.latest || f.at > slot.latest.at) slot.latest = f;
        if (ok && (!slot.ok || f.at > slot.ok.at)) {
          slot.ok = f;
          slot.okId = id;
        }
      });
    }
  }
  return out;
}

/** The result of one completed job (BullMQ stores it as JSON in the job's hash), or undefined. */
async function jobResult(redis: Redis, q: DashboardQueue | undefined, id: string | null): Promise<unknown> {
  if (!q || id === null) return undefined;
  return parseJson(await redis.hget(q.queue.toKey(id), 'returnvalue')) ?? undefined;
}

const CLOSED_STATES = new Set(['resolved', 'closed', 'ok', 'cleared']);

/** Every `potion:host@<id>:alert:<alert id>` hash of this host; one whose state/status says resolved counts as closed. */
export async function readAlerts(redis: Redis, hk: HostKeys): Promise<Alert[]> {
  const prefix = hk.alert('');
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0' && found.length < 1000);
  const alerts: Alert[] = [];
  for (const key of [...new Set(found)].sort()) {
    if ((await redis.type(key)) !== 'hash') continue;
    const fields = await redis.hgetall(key);
    const state = (fields.state ?? fields.status ?? '').toLowerCase();
    const record = alertRecord.safeParse(fields);
    alerts.push({ id: key.slice(prefix.length), fields, open: !CLOSED_STATES.has(state), record: record.success ? record.data : null, mutedUntil: null });
  }
  return withMutes(redis, hk, alerts);
}

/** Fills in mutedUntil of the open alerts with one MGET (`all`, each own mute, each backup mute). */
async function withMutes(redis: Redis, hk: HostKeys, alerts: Alert[]): Promise<Alert[]> {
  const open = alerts.filter((a) => a.open);
  if (open.length === 0) return alerts;
  const values = await redis.mget(hk.mute('all'), ...open.map((a) => hk.mute(a.id)), ...open.map((a) => hk.autoMute(a.id)));
  const ms = (v: string | null | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);
  open.forEach((a, i) => {
    const ends = [ms(values[0]), ms(values[i + 1]), ms(values[i + 1 + open.length])].filter((v): v is number => v !== null);
    a.mutedUntil = ends.length > 0 ? Math.max(...ends) : null;
  });
  return alerts;
}

/**
 * The units of the newest sample when it is at least as new as the newest 📊 Status (the
 * sampler reads them every minute), else the Status result's; with the ones stopped on purpose.
 */
function pickServices(
  sample: HostSample | null,
  status: { at: number; list: ServiceState[] } | null,
  stopped: readonly string[],
): Overview['services'] {
  const fromSample = sample && sample.services.length > 0 && (!status || sample.at >= status.at);
  const chosen = fromSample ? { at: sample.at, list: sample.services, unread: sample.servicesUnread ?? null } : status ? { ...status, unread: null } : null;
  if (!chosen) return null;
  const probeOf = (unit: string) => sample?.probes.find((p) => p.unit === unit) ?? null;
  return { ...chosen, list: chosen.list.map((u) => ({ ...u, stoppedOnPurpose: stopped.includes(u.unit), probe: probeOf(u.unit) })) };
}

/** Reads the host's state from Redis. Never throws for missing data; a Redis outage gives redisOk false. */
export async function readOverview(redis: Redis, hk: HostKeys, queues: readonly DashboardQueue[]): Promise<Overview> {
  const empty: Overview = {
    redisOk: false,
    redisError: null,
    sample: null,
    heartbeatAt: null,
    services: null,
    backup: { running: null, lastOk: null, lastVerify: null },
    lastBackup: null,
    lastSuccessfulBackup: null,
    lastVerify: null,
    alerts: [],
  };
  try {
    const [rawSample, rawHeartbeat] = await Promise.all([redis.get(hk.sampleLatest), redis.get(hk.heartbeat)]);
    const sample = hostSample.safeParse(parseJson(rawSample));
    const heartbeatAt = rawHeartbeat !== null && Number.isFinite(Number(rawHeartbeat)) ? Number(rawHeartbeat) : null;
    const [newest, alerts, stopped, running, lastOk, lastVerify] = await Promise.all([
      newestFinished(redis, queues, [STATUS_JOB, BACKUP_RUN_JOB, BACKUP_VERIFY_JOB]),
      readAlerts(redis, hk),
      redis.smembers(hk.servicesStopped),
      readBackupRunning(redis, hk),
      readBackupLastOk(redis, hk),
      readBackupLastVerify(redis, hk),
    ]);
    const status = newest.get(STATUS_JOB);
    const statusResult = await jobResult(redis, queueOf(queues, STATUS_JOB), status?.okId ?? null);
    const summary = statusResult !== undefined ? jobs[STATUS_JOB].result.safeParse(statusResult) : undefined;
    return {
      redisOk: true,
      redisError: null,
      sample: sample.success ? sample.data : null,
      heartbeatAt,
      services: pickServices(sample.success ? sample.data : null, status?.ok && summary?.success ? { at: status.ok.at, list: summary.data.services } : null, stopped),
      backup: { running, lastOk, lastVerify },
      lastBackup: newest.get(BACKUP_RUN_JOB)?.latest ?? null,
      lastSuccessfulBackup: newest.get(BACKUP_RUN_JOB)?.ok ?? null,
      lastVerify: newest.get(BACKUP_VERIFY_JOB)?.latest ?? null,
      alerts,
    };
  } catch (err) {
    return { ...empty, redisError: (err as Error).message };
  }
}
