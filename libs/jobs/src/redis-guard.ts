import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl, RedisSetupError } from '@potion/platform';
import { keys } from './keys.js';

/** Waits until a connection is ready (producers use enableOfflineQueue: false). */
export async function waitReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new RedisSetupError(`Redis did not answer within ${timeoutMs} ms (status ${redis.status})`, 'check that redis-server runs (`systemctl status redis-server`) and that REDIS_URL is right'));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolveReady();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** Reads one field of INFO. */
export function infoField(info: string, field: string): string | undefined {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return m?.[1]?.trim();
}

/**
 * A queue must never lose jobs to eviction: refuse to run on a Redis whose
 * maxmemory-policy is not noeviction.
 */
export async function checkEvictionPolicy(redis: Redis): Promise<void> {
  const policy = infoField(await redis.info('memory'), 'maxmemory_policy');
  if (policy !== 'noeviction') {
    throw new RedisSetupError(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}": it may delete queued jobs when memory is full`,
      'set `maxmemory-policy noeviction` in the Redis config (deploy/redis/potion-runner.conf) and restart Redis, or run `redis-cli CONFIG SET maxmemory-policy noeviction`',
    );
  }
}

export type MarkerState =
  /** First start of this installation on this Redis: marker written. */
  | { state: 'new'; id: string }
  /** The marker is there and matches what this installation remembers. */
  | { state: 'ok'; id: string }
  /**
   * This installation used a Redis before (the marker file exists) but Redis has no marker:
   * it came back empty (AOF lost or deleted). Every queued job, setting and alert state is
   * gone. A new marker is written so that this is reported once, loudly.
   */
  | { state: 'lost'; id: string; previousId: string; previousCreatedAt: string };

interface MarkerFile {
  id: string;
  createdAt: string;
}

/**
 * Notices a Redis that came back empty instead of silently starting over. The marker lives
 * both in Redis (`potion:host@<id>:marker`) and in a file under DATA_DIR; only the worker calls this.
 */
export interface CheckMarkerOptions {
  /**
   * Runs when Redis came back empty, before the new marker is written: what is put back here
   * (settings mirrored to DATA_DIR) is in place before anything that waits for a marker
   * writes again. Run again if the process dies before the marker is written.
   */
  beforeNewMarker?: () => Promise<void>;
  /** The marker's key: this host's (`hostKeys(id).marker`). */
  key: string;
}

export async function checkMarker(redis: Redis, markerFile: string, opts: CheckMarkerOptions): Promise<MarkerState> {
  const raw = await redis.get(opts.key);
  const remembered: MarkerFile | undefined = existsSync(markerFile)
    ? (JSON.parse(readFileSync(markerFile, 'utf8')) as MarkerFile)
    : undefined;
  if (raw) {
    const inRedis = JSON.parse(raw) as MarkerFile;
    if (!remembered || remembered.id !== inRedis.id) {
      mkdirSync(dirname(markerFile), { recursive: true });
      writeFileSync(markerFile, raw + '\n', { mode: 0o600 });
    }
    return { state: 'ok', id: inRedis.id };
  }
  if (remembered) await opts.beforeNewMarker?.();
  const marker: MarkerFile = { id: randomUUID(), createdAt: new Date().toISOString() };
  const json = JSON.stringify(marker);
  // NX: two processes starting at once write one marker.
  const set = await redis.set(opts.key, json, 'NX');
  const current = set === 'OK' ? marker : (JSON.parse((await redis.get(opts.key)) ?? json) as MarkerFile);
  mkdirSync(dirname(markerFile), { recursive: true });
  writeFileSync(markerFile, JSON.stringify(current) + '\n', { mode: 0o600 });
  if (remembered) return { state: 'lost', id: current.id, previousId: remembered.id, previousCreatedAt: remembered.createdAt };
  return { state: 'new', id: current.id };
}

/**
 * One connection attempt with a short timeout and no retries (for `npm start` before it says
 * "using Redis"): resolves with the reason when Redis does not answer, never throws.
 */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<{ ok: true } | { ok: false; reason: string }> {
  const redis = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let reason: string | undefined;
  // The reason is reported once, by the caller.
  redis.on('error', (err: Error & { code?: string }) => (reason ??= err.code ?? err.message));
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: reason ?? (err as Error).message };
  } finally {
    redis.disconnect();
  }
}
