import { applyTuning, readOverrides, type HostKeys, type Overrides, type TunableId } from '@potion/jobs';
import type { Config, Logger } from '@potion/platform';
import type { Redis } from 'ioredis';

/**
 * The configuration in force: the `.env` values (the defaults of record) with the alert
 * thresholds and windows set from ⚙️ Settings (the hash hostKeys(id).alertTuning) on top, kept in
 * memory: the alert engine and the presenters read `current()` without a Redis round trip
 * (the engine's timing around a Redis that comes back empty stays as it was). The copy is
 * loaded at start and after every Redis marker check (a restored mirror), by `change()`
 * (settings.tune runs in this same worker, so the next sample uses it), and by the pages
 * that show the values (a hand edit with redis-cli counts from then on).
 * See docs/decisions/046-settings-from-chat.md.
 */
export class Tuning {
  private tuned: Config;
  private overrides: Overrides = {};
  private readonly log: Logger;

  constructor(
    private readonly redis: Redis,
    private readonly hk: HostKeys,
    /** The `.env` configuration. */
    readonly base: Config,
    log: Logger,
  ) {
    this.tuned = base;
    this.log = log.child({ module: 'worker:tuning' });
  }

  /** The configuration with the overrides last loaded. */
  current(): Config {
    return this.tuned;
  }

  /** The values set from the chat, last loaded. */
  set(): Overrides {
    return this.overrides;
  }

  /** Reads the overrides from Redis; fields outside the catalog or its ranges are ignored (and logged). */
  async load(): Promise<Config> {
    const { overrides, rejected } = readOverrides(await this.redis.hgetall(this.hk.alertTuning));
    if (rejected.length) this.log.warn({ fields: rejected }, 'ignored alert threshold overrides that are unknown or out of range');
    this.overrides = overrides;
    this.tuned = applyTuning(this.base, overrides);
    return this.tuned;
  }

  /** Sets one value (null: back to the `.env` default) and loads the result. */
  async change(id: TunableId, value: number | null): Promise<Config> {
    if (value === null) await this.redis.hdel(this.hk.alertTuning, id);
    else await this.redis.hset(this.hk.alertTuning, id, String(value));
    return this.load();
  }
}
