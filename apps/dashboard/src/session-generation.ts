import { randomBytes, timingSafeEqual } from 'node:crypto';
import { keys } from '@potion/jobs';
import { type Logger } from '@potion/platform';
import type { Redis } from 'ioredis';
import type { SessionSigner } from './session.js';

export type GenerationReason = 'first start' | 'password changed' | 'logout' | 'lost';

export interface SessionGenerationOptions {
  redis: Redis;
  signer: SessionSigner;
  log: Logger;
  now: () => number;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The server-side half of a session: a random generation in Redis (`keys.dashboardSession`)
 * that every cookie's signature includes. Logout and a password change replace it, which ends
 * every session at once, a copied cookie included. Read on every request that carries a
 * cookie, never cached, so a logout takes effect at the next request.
 */
export class SessionGeneration {
  readonly #o: SessionGenerationOptions;
  constructor(opts: SessionGenerationOptions) {
    this.#o = opts;
  }

  /** At start: keeps the generation when it belongs to this password, else starts a new one. */
  async ensure(): Promise<void> {
    const [gen, owner] = await this.#o.redis.hmget(keys.dashboardSession, 'gen', 'owner');
    if (gen && owner && same(owner, this.#o.signer.owns(gen))) return;
    await this.bump(gen ? 'password changed' : 'first start');
  }

  /** The current generation; a missing one (Redis emptied) is replaced, so old cookies stay invalid. */
  async current(): Promise<string> {
    const gen = await this.#o.redis.hget(keys.dashboardSession, 'gen');
    if (gen) return gen;
    return this.bump('lost');
  }

  /** A new generation: every session cookie issued before stops working. */
  async bump(reason: GenerationReason): Promise<string> {
    const gen = randomBytes(18).toString('base64url');
    await this.#o.redis.hset(keys.dashboardSession, { gen, owner: this.#o.signer.owns(gen), changedAt: String(this.#o.now()), reason });
    this.#o.log.info({ reason }, 'dashboard sessions ended: new session generation');
    return gen;
  }
}
