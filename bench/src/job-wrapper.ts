/**
 * The worker's job wrapper alone: CPU per read job of `createProcessor` (parse the envelope,
 * check queue and access, run a no-op handler with its deadline, remember the outcome) on
 * fake jobs, without Redis or BullMQ, against calling the same no-op handler directly. CPU
 * time, best of 10 batches: on a shared machine it moves far less than jobs/s do, so it
 * shows what the wrapper adds per job (queue-throughput shows it next to BullMQ's own cost).
 *
 *   npm run build && node bench/dist/job-wrapper.js
 */
import { fileURLToPath } from 'node:url';
import type { Producer } from '@potion/jobs';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { statusProcessor } from './_status-processor.js';

const BATCH = Number(process.env.BENCH_WRAPPER_BATCH ?? 5000);
const BATCHES = 12;

export async function run(): Promise<Record<string, number | string>> {
  // No chat to answer and no mutating job: neither Redis nor the producer is touched.
  const { cfg, meta, result, processor } = statusProcessor({ redis: undefined as unknown as Redis, producer: undefined as unknown as Producer });
  const bare = async (_job: Job) => result;
  let n = 0;
  // A job as BullMQ hands it over: its data freshly parsed from JSON, as from Redis, and its
  // queue's name the worker's own string (BullMQ gives every job the same one).
  const queueName = `read@${cfg.hostId}`;
  const job = () => ({ id: String(n++), name: 'status.summary', queueName, timestamp: Date.now(), attemptsMade: 0, opts: { attempts: 1 }, data: JSON.parse(JSON.stringify({ payload: {}, meta })), updateProgress: async () => undefined }) as unknown as Job;
  const best = async (fn: (j: Job) => Promise<unknown>): Promise<number> => {
    let min = Infinity;
    for (let b = 0; b < BATCHES; b++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) JSON.stringify(await fn(job()));
      const c = process.cpuUsage(c0);
      if (b >= 2) min = Math.min(min, (c.user + c.system) / BATCH);
    }
    return min;
  };
  const bareUs = await best(bare);
  const wrappedUs = await best(processor);
  const bareUs2 = await best(bare);
  const floor = Math.min(bareUs, bareUs2);
  return {
    'jobs per batch': BATCH,
    'no-op handler called directly, CPU us/job (best batch)': Number(floor.toFixed(2)),
    'through the wrapper, CPU us/job (best batch)': Number(wrappedUs.toFixed(2)),
    'wrapper adds, CPU us/job': Number((wrappedUs - floor).toFixed(2)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run());
  process.exit(0);
}
