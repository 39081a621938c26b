import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/** The fix a user can apply when Redis cannot be reached, in one place for every process. */
export const REDIS_UNREACHABLE_FIX =
  'start Redis (`npm start` runs a private one when REDIS_URL is empty; a system Redis: `sudo systemctl start redis-server`) or correct REDIS_URL in .env';

/** Where a connection points, without the password. */
export function redisTarget(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

type Sink = Pick<Logger, 'warn' | 'info' | 'error'>;

/**
 * One view per process of whether Redis is reachable, fed by every ioredis connection the
 * process opens (createRedis attaches it). Without an `error` listener ioredis prints a raw
 * stack trace per reconnect attempt (hundreds of lines a minute); here an outage is one line
 * when the first connection fails and one when the last one is back, with its length. Before
 * any connection was ever ready the one line names the fix instead.
 */
export class RedisOutages {
  #log: Sink | undefined;
  readonly #down = new Set<Redis>();
  #since = 0;
  #everReady = false;
  #startWarned = false;

  /** Sends the lines to the process logger (before this, they go to stderr as plain text). */
  useLogger(log: Logger): void {
    this.#log = log.child({ module: 'jobs:redis' });
  }

  /** True while at least one connection of this process is waiting for Redis. */
  get down(): boolean {
    return this.#down.size > 0;
  }

  watch(conn: Redis, url: string): void {
    conn.on('error', (err: Error & { code?: string }) => this.#failed(conn, url, err));
    conn.on('ready', () => this.#ready(conn));
    // A connection closed on purpose no longer counts.
    conn.on('end', () => this.#gone(conn));
  }

  #failed(conn: Redis, url: string, err: Error & { code?: string }): void {
    const reason = err.code ?? err.message.slice(0, 200);
    if (!this.#everReady) {
      this.#down.add(conn);
      if (this.#startWarned) return;
      this.#startWarned = true;
      this.#since = Date.now();
      this.#emit('error', { redis: redisTarget(url), reason, fix: REDIS_UNREACHABLE_FIX }, `Redis at ${redisTarget(url)} is not reachable (${reason}): ${REDIS_UNREACHABLE_FIX}; retrying`);
      return;
    }
    const wasUp = this.#down.size === 0;
    this.#down.add(conn);
    if (!wasUp) return;
    this.#since = Date.now();
    this.#emit('warn', { redis: redisTarget(url), reason, event: 'redis-down' }, 'Redis connection lost; waiting for it to come back (jobs and messages wait, nothing is dropped)');
  }

  #ready(conn: Redis): void {
    const hadOutage = this.#down.delete(conn) && this.#down.size === 0;
    this.#everReady = true;
    if (!hadOutage) return;
    const downMs = Date.now() - this.#since;
    this.#emit('info', { event: 'redis-back', downMs }, `Redis connection back after ${Math.round(downMs / 100) / 10} s`);
  }

  #gone(conn: Redis): void {
    this.#down.delete(conn);
  }

  #emit(level: 'error' | 'warn' | 'info', fields: Record<string, unknown>, msg: string): void {
    if (this.#log) this.#log[level](fields, msg);
    else process.stderr.write(`${level === 'info' ? 'ℹ' : '⚠'} ${msg}\n`);
  }
}

/** The tracker of this process. */
export const redisOutages = new RedisOutages();

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOENT']);

/** An error that only says Redis cannot be reached right now (the outage tracker already said so). */
export function isRedisConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  return typeof e?.message === 'string' && /Connection is closed|connect ECONNREFUSED|Stream isn't writeable/i.test(e.message);
}

/**
 * An `error` listener for BullMQ workers, queues and queue events: connection errors are
 * left to the outage tracker (one line per outage), anything else is logged. Without a
 * listener BullMQ prints each error with console.error.
 */
export function logUnlessOutage(log: Pick<Logger, 'error'>, msg: string, fields: Record<string, unknown> = {}): (err: Error) => void {
  return (err) => {
    if (isRedisConnectionError(err)) return;
    log.error({ ...fields, err }, msg);
  };
}
