import { Redis, type RedisOptions } from 'ioredis';
import { redisOutages } from './redis-outage.js';

export type ConnectionRole =
  /** Workers and QueueEvents: blocking commands, must wait for Redis forever. */
  | 'worker'
  /** Producers (bot, dashboard actions): fail fast so the user is told Redis is down. */
  | 'producer';

export interface ConnectionOptions {
  role: ConnectionRole;
  /** Connection name shown by `redis-cli client list`. */
  name: string;
}

/** Parses REDIS_URL: redis://[:password@]host:port[/db], rediss://..., or unix:///path/to.sock. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  if (url.startsWith('unix://')) {
    const u = new URL(url);
    return { path: decodeURIComponent(u.pathname), ...(u.password ? { password: decodeURIComponent(u.password) } : {}) };
  }
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db: Number.isInteger(db) ? db : 0,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Creates an ioredis connection with the options BullMQ needs: workers need
 * `maxRetriesPerRequest: null` (blocking commands wait out a Redis restart); producers use
 * `enableOfflineQueue: false` so an enqueue fails at once when Redis is down instead of
 * hanging while the user waits. Every connection reports to the process's outage tracker
 * (redis-outage.ts), which is also its `error` listener: one log line per outage.
 */
export function createRedis(url: string, opts: ConnectionOptions): Redis {
  const base = redisOptionsFromUrl(url);
  const common: RedisOptions = {
    ...base,
    connectionName: `potion:${opts.name}`,
    // Reconnect forever, at most every 2 s: Redis comes back after a restart or power cut.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const conn =
    opts.role === 'worker'
      ? new Redis({ ...common, maxRetriesPerRequest: null, enableReadyCheck: true })
      : new Redis({ ...common, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000 });
  redisOutages.watch(conn, url);
  return conn;
}
