import { hostKeys, keys, legacyHostKeys } from '@potion/jobs';
import type { Logger } from '@potion/platform';
import type { Redis } from 'ioredis';

export interface MigrateLegacyOptions {
  redis: Redis;
  /** This host: the target of every move (hostKeys(hostId)), which holds the `legacyMigrated` mark. */
  hostId: string;
  log: Logger;
  now: () => number;
}

const SCAN_COUNT = 500;

/**
 * Moves the global keys an install from before per-host keys wrote (`potion:settings`,
 * `potion:alert:cpu`, ...) under this host (`potion:host@<id>:settings`), once: the mark
 * `legacyMigrated` is set afterwards. RENAMENX never overwrites a key this host already has,
 * and keeps each key's TTL. Returns how many keys moved (0 when already done).
 */
export async function migrateLegacyKeys(opts: MigrateLegacyOptions): Promise<number> {
  const { redis, hostId, log } = opts;
  const hk = hostKeys(hostId);
  if ((await redis.exists(hk.legacyMigrated)) === 1) return 0;
  const found = [...legacyHostKeys.fixed];
  for (const pattern of legacyHostKeys.patterns) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  let moved = 0;
  const kept: string[] = [];
  for (const key of found) {
    const to = legacyHostKeys.toHost(hostId, key);
    try {
      if ((await redis.renamenx(key, to)) === 1) moved++;
      else kept.push(key);
    } catch (err) {
      // ERR no such key: nothing to move.
      if (!/no such key/i.test(String(err))) throw err;
    }
  }
  await redis.set(hk.legacyMigrated, String(opts.now()));
  if (moved || kept.length) log.info({ moved, keptBecauseTargetExists: kept }, 'moved the legacy global keys under this host');
  return moved;
}

export interface RegisterHostOptions {
  redis: Redis;
  hostId: string;
  now: () => number;
}

/**
 * Adds this host to the registry of known hosts (`keys.hosts`), whose outboxes the bot
 * consumes; HSETNX keeps the first `addedAt`. The main worker does it at every start (a
 * joined host is added by `potion hosts add` on the main machine).
 */
export async function registerHost(opts: RegisterHostOptions): Promise<void> {
  await opts.redis.hsetnx(keys.hosts, opts.hostId, JSON.stringify({ name: opts.hostId, addedAt: opts.now() }));
}
