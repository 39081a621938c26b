import type { Config, Logger } from '@potion/jobs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { checkHealth } from './health.js';

export interface DashboardOptions {
  config: Config;
  log: Logger;
  redis: Redis;
  now?: () => number;
}

export async function buildDashboard(opts: DashboardOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.log.child({ module: 'dashboard:http' }, { level: 'warn' }) as FastifyBaseLogger });
  const now = opts.now ?? Date.now;
  // A stopped worker must show within a minute: two sample intervals, at least 45 s.
  const maxAgeMs = Math.min(60_000, Math.max(45_000, 2 * opts.config.sampleIntervalMs));
  app.get('/healthz', async (_req, reply) => {
    const report = await checkHealth(opts.redis, now(), maxAgeMs);
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  return app;
}
