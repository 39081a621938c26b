import { hostSample, jobs, keys, serviceState, type HostSample, type JobName } from '@potion/jobs';
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
}

/** Everything the home page and /metrics show, read in one pass; missing parts are null. */
export interface Overview {
  redisOk: boolean;
  /** Why Redis could not be read, when it could not. */
  redisError: string | null;
  sample: HostSample | null;
  heartbeatAt: number | null;
  services: { at: number; list: ServiceState[] } | null;
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

/** Every `potion:alert:<id>` hash; one whose state/status says resolved counts as closed. */
export async function readAlerts(redis: Redis): Promise<Alert[]> {
  const prefix = keys.alert('');
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
    alerts.push({ id: key.slice(prefix.length), fields, open: !CLOSED_STATES.has(state) });
  }
  return alerts;
}

/** Reads the host's state from Redis. Never throws for missing data; a Redis outage gives redisOk false. */
export async function readOverview(redis: Redis, queues: readonly DashboardQueue[]): Promise<Overview> {
  const empty: Overview = {
    redisOk: false,
    redisError: null,
    sample: null,
    heartbeatAt: null,
    services: null,
    lastBackup: null,
    lastSuccessfulBackup: null,
    lastVerify: null,
    alerts: [],
  };
  try {
    const [rawSample, rawHeartbeat] = await Promise.all([redis.get(keys.sampleLatest), redis.get(keys.heartbeat)]);
    const sample = hostSample.safeParse(parseJson(rawSample));
    const heartbeatAt = rawHeartbeat !== null && Number.isFinite(Number(rawHeartbeat)) ? Number(rawHeartbeat) : null;
    const [newest, alerts] = await Promise.all([
      newestFinished(redis, queues, [STATUS_JOB, BACKUP_RUN_JOB, BACKUP_VERIFY_JOB]),
      readAlerts(redis),
    ]);
    const status = newest.get(STATUS_JOB);
    const statusResult = await jobResult(redis, queueOf(queues, STATUS_JOB), status?.okId ?? null);
    const summary = statusResult !== undefined ? jobs[STATUS_JOB].result.safeParse(statusResult) : undefined;
    return {
      redisOk: true,
      redisError: null,
      sample: sample.success ? sample.data : null,
      heartbeatAt,
      services: status?.ok && summary?.success ? { at: status.ok.at, list: summary.data.services } : null,
      lastBackup: newest.get(BACKUP_RUN_JOB)?.latest ?? null,
      lastSuccessfulBackup: newest.get(BACKUP_RUN_JOB)?.ok ?? null,
      lastVerify: newest.get(BACKUP_VERIFY_JOB)?.latest ?? null,
      alerts,
    };
  } catch (err) {
    return { ...empty, redisError: (err as Error).message };
  }
}
