import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** The project's version, from the root package.json (libs/jobs/dist -> repo root). */
export function projectVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The commit this tree was built from: `.release` at the repo root, written by install.sh and
 * deploy/self-update.sh (decision 045); empty in a checkout run from source.
 */
export function projectRelease(): string {
  try {
    const text = readFileSync(new URL('../../../.release', import.meta.url), 'utf8').trim();
    return /^[0-9a-f]{40}$/.test(text) ? text : '';
  } catch {
    return '';
  }
}

/** How often a running process refreshes `seenAt` in its hash. */
export const PROC_REFRESH_MS = 60_000;

/**
 * Records this process in `potion:proc:<name>` (pid, startedAt, version, release, host, seenAt), so
 * ⚙️ About can show the uptime of each process and `redis-cli hgetall potion:proc:worker`
 * shows it too. Refreshes `seenAt` every minute; the returned function marks a clean stop.
 * Every long-running process calls it once at start: worker (under its host's keys,
 * `hostKeys(id).proc('worker')`), bot, dashboard. The self-update
 * waits for `release` = the new build's commit in these hashes before it calls the update healthy.
 */
export async function registerProcess(redis: Redis, name: string, now: () => number = Date.now, key: string = keys.proc(name)): Promise<() => Promise<void>> {
  const startedAt = now();
  await redis.del(key);
  await redis.hset(key, { pid: String(process.pid), startedAt: String(startedAt), version: projectVersion(), release: projectRelease(), host: hostname(), seenAt: String(startedAt) });
  const timer = setInterval(() => {
    redis.hset(key, 'seenAt', String(now())).catch(() => undefined);
  }, PROC_REFRESH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await redis.hset(key, 'stoppedAt', String(now())).catch(() => undefined);
  };
}

/** Names of the processes that register themselves. */
export const PROCESS_NAMES = ['bot', 'worker', 'dashboard'] as const;
