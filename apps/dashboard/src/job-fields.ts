import type { Redis } from 'ioredis';
import type { DashboardQueue } from './queues.js';

/**
 * A few fields of many BullMQ jobs in one round trip (HMGET per job hash, pipelined), so
 * the dashboard counts and finds jobs without loading them: a kept status.summary holds a
 * whole host sample in its data and result, and 5,000 of them are kept.
 */
export async function jobFields<F extends string>(
  redis: Redis,
  q: DashboardQueue,
  ids: readonly string[],
  fields: readonly F[],
): Promise<Array<Record<F, string | null>>> {
  if (ids.length === 0) return [];
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hmget(q.queue.toKey(id), ...fields);
  const replies = (await pipe.exec()) ?? [];
  return replies.map(([err, values]) => {
    const row = {} as Record<F, string | null>;
    fields.forEach((f, i) => {
      row[f] = err ? null : ((values as Array<string | null>)[i] ?? null);
    });
    return row;
  });
}

/** A job timestamp field as a number, or undefined when missing. */
export function msField(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
