import type { Histogram } from 'prom-client';
import type { DashboardQueue } from './queues.js';

/** Newest finished jobs read per queue and state at each scrape. */
const READ_PER_SCRAPE = 500;

/**
 * Feeds a histogram with the run time (finishedOn - processedOn) of jobs that finished since
 * the previous scrape. BullMQ keeps finished jobs sorted by finish time, so a watermark per
 * queue and state is enough; ids finished at the watermark's very millisecond are remembered
 * so none is counted twice. After a dashboard restart the retained history is counted once,
 * as a Prometheus counter reset.
 */
export class JobDurationTracker {
  readonly #marks = new Map<string, { at: number; ids: Set<string> }>();
  constructor(
    private readonly queues: readonly DashboardQueue[],
    private readonly histogram: Histogram<'queue' | 'name' | 'outcome'>,
  ) {}

  async update(): Promise<void> {
    for (const q of this.queues) {
      for (const state of ['completed', 'failed'] as const) {
        const key = `${q.name}:${state}`;
        const mark = this.#marks.get(key) ?? { at: 0, ids: new Set<string>() };
        const list = await q.queue.getJobs([state], 0, READ_PER_SCRAPE - 1, false);
        let newest = mark.at;
        const newestIds = new Set<string>();
        for (const job of list) {
          const id = job?.id;
          if (!job || !id || !job.finishedOn || !job.processedOn) continue;
          if (job.finishedOn < mark.at || (job.finishedOn === mark.at && mark.ids.has(id))) continue;
          const outcome = state === 'completed' ? 'completed' : 'failed';
          this.histogram.observe({ queue: q.name, name: job.name, outcome }, Math.max(0, job.finishedOn - job.processedOn) / 1000);
          if (job.finishedOn > newest) {
            newest = job.finishedOn;
            newestIds.clear();
          }
          if (job.finishedOn === newest) newestIds.add(id);
        }
        if (newest === mark.at) for (const id of mark.ids) newestIds.add(id);
        this.#marks.set(key, { at: newest, ids: newestIds });
      }
    }
  }
}
