import type { Producer } from '@potion/jobs';
import type { AuditLog, Config, Logger } from '@potion/platform';
import type { Context } from 'grammy';
import type { Redis } from 'ioredis';

export type Role = 'admin' | 'viewer' | 'stranger';

/** What the access middleware adds to every update's context. */
export interface PotionFlavor {
  potion: { userId: number; role: Role };
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
}

export function roleOf(config: Config, userId: number): Role {
  if (config.adminIds.includes(userId)) return 'admin';
  if (config.viewerIds.includes(userId)) return 'viewer';
  return 'stranger';
}
