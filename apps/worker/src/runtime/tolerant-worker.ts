import { Worker, type Job } from 'bullmq';

/** The key a job's data gets when what Redis holds is not JSON (see TolerantWorker). */
export const UNPARSEABLE_DATA = 'potionUnparseableData';

type JobJson = Parameters<Worker['createJob']>[0];

/**
 * A BullMQ worker that survives a job whose stored data is not JSON (put into Redis by hand).
 * BullMQ parses the data while moving the job to active; the parse error escapes its main
 * loop and the job stays in `active`, unaudited, until its lock runs out. Here such a job is
 * handed to the processor with a marker instead, where parseEnvelope refuses it: audited,
 * failed as unrecoverable, never retried.
 */
export class TolerantWorker extends Worker {
  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (err) {
      const reason = `stored job data is not JSON (${(err as Error).message.slice(0, 200)})`;
      return super.createJob({ ...data, data: JSON.stringify({ [UNPARSEABLE_DATA]: reason }) }, jobId);
    }
  }
}
