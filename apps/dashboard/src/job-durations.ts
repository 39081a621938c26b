import type { Redis } from 'ioredis';
import type { Histogram } from 'prom-client';
import { jobFields, msField } from './job-fields.js';
import type { DashboardQueue } from './queues.js';

/** At most this many newly finished jobs are read per queue and state at each scrape. */
const READ_PER_SCRAPE = 500;

/**
 * Feeds a histogram with the run time (finishedOn - processedOn) of jobs that finished since
 * the previous scrape. BullMQ keeps finished jobs in a sorted set scored by finish time, so a
 * watermark per queue and state is enough and each scrape reads only the new jobs; ids
 * finished in the watermark's very millisecond are remembered so none is counted twice.
 * After a dashboard restart the kept history is counted once more (a Prometheus counter reset).
 * Only the name and the two timestamps of each job are read, never the job itself.
 */
export class JobDurationTracker {
  readonly #marks = new Map<string, { at: number; ids: Set<string> }>();
  constructor(
    private readonly redis: Redis,
    private readonly histogram: Histogram<'host' | 'queue' | 'name' | 'outcome'>,
  ) {}

  /** Counts the jobs of these queues (every known host's) that finished since the last call. */
  async update(queues: readonly DashboardQueue[]): Promise<void> {
    for (const q of queues) {
      for (const state of ['completed', 'failed'] as const) {
        const key = `${q.name}:${state}`;
        const mark = this.#marks.get(key) ?? { at: 0, ids: new Set<string>() };
        // BullMQ's sorted set of finished jobs (named by BullMQ itself), scored by finish time.
        const ids = await this.redis.zrevrangebyscore(q.queue.toKey(state), '+inf', mark.at, 'LIMIT', 0, READ_PER_SCRAPE);
        const fresh = ids.filter((id) => !mark.ids.has(id));
        let newest = mark.at;
        const newestIds = new Set<string>();
        const rows = await jobFields(this.redis, q, fresh, ['name', 'processedOn', 'finishedOn']);
        fresh.forEach((id, i) => {
          const row = rows[i]!;
          const finishedOn = msField(row.finishedOn);
          if (finishedOn === undefined) return;
          const processedOn = msField(row.processedOn);
          if (processedOn !== undefined) {
            this.histogram.observe({ host: q.hostId, queue: q.name, name: row.name ?? '', outcome: state }, Math.max(0, finishedOn - processedOn) / 1000);
          }
          if (finishedOn > newest) {
            newest = finishedOn;
            newestIds.clear();
          }
          if (finishedOn === newest) newestIds.add(id);
        });
        if (newest === mark.at) for (const id of mark.ids) newestIds.add(id);
        this.#marks.set(key, { at: newest, ids: newestIds });
      }
    }
  }
}
