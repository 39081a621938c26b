/**
 * The worker's job wrapper around a no-op 📊 Status handler, as job-wrapper.ts and
 * queue-throughput.ts measure it: one fixed result, the real `createProcessor` (envelope,
 * queue and access checks, deadline, ledger, audit) with the bench's config and deps.
 */
import { join } from 'node:path';
import { hostKeys, loadOrCreateProofKey, type JobMeta, type Producer } from '@potion/jobs';
import { AuditLog, createLogger } from '@potion/platform';
import { createRunner } from '@potion/adapters';
import { testConfig } from '@potion/testkit';
import { createHandlers, createProcessor, Tuning, UsedProofs, type Deps, type Handlers } from '@potion/worker';
import type { Redis } from 'ioredis';

export const BENCH_HOST = 'bench';

export function statusProcessor(opts: { redis: Redis; producer: Producer }) {
  const cfg = testConfig({ LOG_LEVEL: 'fatal', HOST_ID: BENCH_HOST });
  const meta: JobMeta = { requestId: 'bench', by: { kind: 'system', name: 'bench' }, enqueuedAt: Date.now() };
  const sample = {
    at: 1, cpu: { usagePercent: 1, load1: 0, load5: 0, load15: 0, cores: 2 },
    mem: { totalBytes: 1, usedBytes: 1, freeBytes: 0, availableBytes: 0, swapTotalBytes: 0, swapUsedBytes: 0 },
    disks: [], tempC: null, uptimeSec: 1, bootTime: 0, tookMs: 0, services: [], probes: [], net: null, power: null,
  };
  const result = { sample, sampleAgeMs: 0, hddMount: '/mnt', services: [], muteBanner: null, unread: [] };
  const log = createLogger({ name: 'bench', logDir: undefined, level: 'fatal', stdout: false });
  const keys = hostKeys(BENCH_HOST);
  const deps: Deps = {
    config: cfg, log, runner: createRunner(), redis: opts.redis, keys, tuning: new Tuning(opts.redis, keys, cfg, log), producer: opts.producer, now: Date.now, procRoot: '/proc',
    proofs: { signer: loadOrCreateProofKey(cfg.dataDir), used: new UsedProofs(join(cfg.dataDir, 'used-proofs'), Date.now()) },
  };
  const handlers: Handlers = { ...createHandlers(), 'status.summary': { ...createHandlers()['status.summary'], run: async () => result } };
  return { cfg, meta, result, processor: createProcessor(deps, handlers, new AuditLog(cfg.logDir)) };
}
