import type { z } from 'zod';
import { JobPayloadError } from './errors.js';
import { jobMeta, type JobMeta } from './meta.js';
import { isPlain, keyCount, plainMeta } from './meta-check.js';
import { isJobName, jobs, type JobData, type JobName } from './registry/index.js';

/** What a job stores in Redis: the payload and who asked, readable with redis-cli. */
export interface Envelope<N extends JobName = JobName> {
  payload: JobData<N>;
  meta: JobMeta;
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`);
}

/** Per job name: its payload schema takes `{}` and gives `{}` back (asked of zod once). */
const takesEmpty = new Map<JobName, boolean>();

function emptyTaken(name: JobName): boolean {
  let ok = takesEmpty.get(name);
  if (ok === undefined) {
    const r = jobs[name].data.safeParse({});
    ok = r.success && isPlain(r.data) && keyCount(r.data) === 0;
    takesEmpty.set(name, ok);
  }
  return ok;
}

/**
 * Validates a payload against the registry; throws JobPayloadError naming each problem. An
 * empty plain object (most read jobs: Status, samples) is taken as it is when zod said once
 * that the job's schema gives `{}` back for it.
 */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobData<N> {
  if (isPlain(data) && keyCount(data) === 0 && emptyTaken(name)) return data as JobData<N>;
  const r = jobs[name].data.safeParse(data);
  if (!r.success) throw new JobPayloadError(name, describe(r.error));
  return r.data as JobData<N>;
}

/** Validates a job's meta (an everyday one without zod's cost, see meta-check.ts); throws JobPayloadError. */
export function parseMeta(name: string, meta: unknown): JobMeta {
  const plain = plainMeta(meta);
  if (plain) return plain;
  const r = jobMeta.safeParse(meta);
  if (!r.success) throw new JobPayloadError(name, describe(r.error).map((m) => `meta.${m}`));
  return r.data;
}

/**
 * Validates what a worker pulled from Redis: the job name must be in the registry and the
 * envelope must match. Anything put into Redis by hand goes through here.
 */
export function parseEnvelope(name: string, raw: unknown): { name: JobName; envelope: Envelope } {
  if (!isJobName(name)) throw new JobPayloadError(name, [`unknown job name (not in the registry)`]);
  if (typeof raw !== 'object' || raw === null || !('payload' in raw) || !('meta' in raw)) {
    throw new JobPayloadError(name, ['job data must be an object with "payload" and "meta"']);
  }
  const { payload, meta } = raw as { payload: unknown; meta: unknown };
  return { name, envelope: { payload: parsePayload(name, payload), meta: parseMeta(name, meta) } };
}
