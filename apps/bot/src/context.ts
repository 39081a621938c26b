import type { OutboxMessage, Producer, Role } from '@potion/jobs';
import type { AuditLog, Config, Logger } from '@potion/platform';
import type { Context } from 'grammy';
import type { Redis } from 'ioredis';
import type { ConfirmTokens } from './confirm-token.js';

export type { Role };

/** What the access middleware adds to every update's context. */
export interface PotionFlavor {
  /**
   * `firstClaim`: this update was claimed for the first time (dedupe.ts), so nothing of it was
   * queued or sent before (not a redelivery, not a dead bot's update handled again).
   */
  potion: { userId: number; role: Role; firstClaim?: boolean };
}
export type BotContext = Context & PotionFlavor;

/** Everything a feature Composer needs, passed in as parameters (no globals). */
export interface BotDeps {
  config: Config;
  log: Logger;
  producer: Producer;
  /** A producer-role connection for the bot's own keys (confirm tokens, update claims). */
  redis: Redis;
  audit: AuditLog;
  now: () => number;
  /** The confirmation tokens dispatch asks with when the registry says a job needs one. */
  tokens: ConfirmTokens;
  /**
   * Delivers a queued message of this host's outbox at once (HostOutboxes.deliverNow); false
   * when it cannot now (the outbox delivers it). Absent where no outbox runs (some tests).
   */
  deliverNow?: (m: OutboxMessage, jobId: string, requestId: string, opts?: { unsent?: boolean }) => boolean;
}
