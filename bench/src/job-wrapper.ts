/**
 * The worker's job wrapper alone: CPU per read job of `createProcessor` (parse the envelope,
 * check queue and access, run a no-op handler with its deadline, remember the outcome) on
 * fake jobs, without Redis or BullMQ, against calling the same no-op handler directly. CPU
 * time, best of 10 batches: on a shared machine it moves far less than jobs/s do, so it
 * shows what the wrapper adds per job (queue-throughput shows it next to BullMQ's own cost).
 *
 *   npm run build && node bench/dist/job-wrapper.js
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostKeys, loadOrCreateProofKey, type JobMeta } from '@potion/jobs';
import { AuditLog, createLogger } from '@potion/platform';
import { createRunner } from '@potion/adapters';
import { testConfig } from '@potion/testkit';
import { createHandlers, createProcessor, Tuning, UsedProofs, type Deps, type Handlers } from '@potion/worker';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Producer } from '@potion/jobs';

const BATCH = Number(process.env.BENCH_WRAPPER_BATCH ?? 5000);
const BATCHES = 12;

export async function run(): Promise<Record<string, number | string>> {
  const cfg = testConfig({ LOG_LEVEL: 'fatal', HOST_ID: 'bench' });
  const meta: JobMeta = { requestId: 'bench', by: { kind: 'system', name: 'bench' }, enqueuedAt: Date.now() };
  const sample = {
    at: 1, cpu: { usagePercent: 1, load1: 0, load5: 0, load15: 0, cores: 2 },
    mem: { totalBytes: 1, usedBytes: 1, freeBytes: 0, availableBytes: 0, swapTotalBytes: 0, swapUsedBytes: 0 },
    disks: [], tempC: null, uptimeSec: 1, bootTime: 0, tookMs: 0, services: [], probes: [], net: null, power: null,
  };
  const result = { sample, sampleAgeMs: 0, hddMount: '/mnt', services: [], muteBanner: null, unread: [] };
  const log = createLogger({ name: 'bench', logDir: undefined, level: 'fatal', stdout: false });
  // No chat to answer and no mutating job: neither Redis nor the producer is touched.
  const deps: Deps = {
    config: cfg, log, runner: createRunner(), redis: undefined as unknown as Redis, keys: hostKeys('bench'), tuning: new Tuning(undefined as unknown as Redis, hostKeys('bench'), cfg, log), producer: undefined as unknown as Producer, now: Date.now, procRoot: '/proc',
    proofs: { signer: loadOrCreateProofKey(cfg.dataDir), used: new UsedProofs(join(cfg.dataDir, 'used-proofs'), Date.now()) },
  };
  const handlers: Handlers = { ...createHandlers(), 'status.summary': { ...createHandlers()['status.summary'], run: async () => result } };
  const processor = createProcessor(deps, handlers, new AuditLog(cfg.logDir));
  const bare = async (_job: Job) => result;
  let n = 0;
  // A job as BullMQ hands it over: its data freshly parsed from JSON, as from Redis.
  const job = () => ({ id: String(n++), name: 'status.summary', queueName: `read@${cfg.hostId}`, timestamp: Date.now(), attemptsMade: 0, opts: { attempts: 1 }, data: JSON.parse(JSON.stringify({ payload: {}, meta })), updateProgress: async () => undefined }) as unknown as Job;
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
