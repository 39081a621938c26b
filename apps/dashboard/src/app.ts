import { configSecrets, type Config, type Logger } from '@potion/platform';
import { hostKeys } from '@potion/jobs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { authPlugin } from './auth.js';
import { bullBoardPlugin } from './bull-board.js';
import { FailureLimiter } from './failure-limiter.js';
import { checkHealth, healthMaxAgeMs } from './health.js';
import { chartHoursOf, readHistory } from './history.js';
import { chartHostOf, hostsPage } from './home-hosts.js';
import { homePage } from './home-page.js';
import { readHostViews } from './host-view.js';
import { knownHosts } from './hosts.js';
import { DashboardMetrics } from './metrics.js';
import { HostQueues } from './queues.js';
import { securityPlugin } from './security.js';

export interface DashboardOptions {
  config: Config;
  log: Logger;
  /** A producer connection; not closed by the dashboard. */
  redis: Redis;
  /** The password (from ensureDashboardPassword); there is no default. */
  password: string;
  now?: () => number;
  /** Wrong-password limiter; tests pass one with a fake clock. */
  limiter?: FailureLimiter;
}

/**
 * The dashboard: /healthz (public), a login, the home page, Bull Board under /queues and
 * /metrics, all behind the password. Closing the app closes its queues.
 */
export async function buildDashboard(opts: DashboardOptions): Promise<FastifyInstance> {
  const { config } = opts;
  if (opts.password.length < 12) throw new Error('the dashboard password must be at least 12 characters');
  const app = Fastify({
    loggerInstance: opts.log.child({ module: 'dashboard:http' }, { level: 'warn' }) as FastifyBaseLogger,
    trustProxy: false,
  });
  const now = opts.now ?? Date.now;
  const maxAgeMs = healthMaxAgeMs(config.sampleIntervalMs);
  const secrets = [...configSecrets(config), opts.password];
  // Every known host's queues (keys.hosts, re-read on each page, scrape and board request).
  const queues = new HostQueues(opts.redis, opts.log);
  // /healthz is about this dashboard's own host.
  const hk = hostKeys(config.hostId);
  app.addHook('onClose', async () => queues.close());

  await app.register(securityPlugin, { secrets });
  await app.register(authPlugin, { password: opts.password, hostId: config.hostId, log: opts.log, redis: opts.redis, now, ...(opts.limiter ? { limiter: opts.limiter } : {}) });

  app.get('/healthz', { config: { public: true } }, async (_req, reply) => {
    const report = await checkHealth(opts.redis, hk, now(), maxAgeMs);
    return reply.code(report.ok ? 200 : 503).send(report);
  });

  // Browsers ask for it on every page, the login page included; an empty answer, not a 401.
  app.get('/favicon.ico', { config: { public: true } }, async (_req, reply) => reply.code(204).send());

  const read = async () => {
    const t = now();
    const hosts = await readHostViews({ redis: opts.redis, queues, ownHostId: config.hostId, now: t, maxAgeMs });
    return { hosts, health: hosts[0]!.health, t };
  };

  app.get('/', async (req, reply) => {
    const { hosts, t } = await read();
    // Only the page reads the history (a scrape never does), and only the window and host it draws.
    const chartHost = chartHostOf(req.query, hosts);
    const history = await readHistory(opts.redis, hostKeys(chartHost.hostId), { hours: chartHoursOf(req.query), now: t });
    const common = { timezone: config.timezone, now: t, history, allowActions: config.dashboard.allowActions };
    const html =
      hosts.length === 1
        ? homePage({ ...common, hostId: config.hostId, overview: chartHost.overview, health: chartHost.health }, secrets)
        : hostsPage({ ...common, hosts, chartHostId: chartHost.hostId }, secrets);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  const metrics = new DashboardMetrics({ redis: opts.redis, read });
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.render();
    return reply.type(metrics.contentType).send(text);
  });

  const hostIds = () => knownHosts(opts.redis, config.hostId);
  await app.register(bullBoardPlugin, { queues, hosts: hostIds, hostId: config.hostId, allowActions: config.dashboard.allowActions });
  return app;
}
