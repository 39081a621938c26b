import { hostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { checkHealth, type HealthReport } from './health.js';
import { hostUp, knownHosts } from './hosts.js';
import { readOverview, type Overview } from './overview.js';
import type { DashboardQueue, HostQueues } from './queues.js';

/** One host as the page and /metrics show it. */
export interface HostView {
  hostId: string;
  overview: Overview;
  health: HealthReport;
  /** Its worker's heartbeat or sample is younger than the window (hostUp). */
  up: boolean;
  queues: readonly DashboardQueue[];
}

export interface ReadHostsOptions {
  redis: Redis;
  queues: HostQueues;
  ownHostId: string;
  now: number;
  maxAgeMs: number;
}

/** Reads one host's state from its keys (`hostKeys(hostId)`) and queues (`<kind>@<hostId>`). */
export async function readHostView(opts: ReadHostsOptions & { hostId: string }): Promise<HostView> {
  const hk = hostKeys(opts.hostId);
  const queues = opts.queues.of(opts.hostId);
  const [overview, health] = await Promise.all([readOverview(opts.redis, hk, queues), checkHealth(opts.redis, hk, opts.now, opts.maxAgeMs)]);
  return { hostId: opts.hostId, overview, health, up: hostUp(health, opts.maxAgeMs), queues };
}

/** Every known host (its own first), read side by side. */
export async function readHostViews(opts: ReadHostsOptions): Promise<HostView[]> {
  const ids = await knownHosts(opts.redis, opts.ownHostId);
  return Promise.all(ids.map((hostId) => readHostView({ ...opts, hostId })));
}
