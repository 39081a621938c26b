import type { Config } from './config.js';

/**
 * What the logs and pages must never show, from the config: the bot token and the Redis
 * password of REDIS_URL (the installed Redis lets only the ACL user potion in; issue 15).
 * Give it to createLogger({ secrets }) and the dashboard's scrubbing.
 */
export function configSecrets(c: Pick<Config, 'botToken' | 'redisUrl'>): string[] {
  const out: string[] = [];
  if (c.botToken) out.push(c.botToken);
  if (c.redisUrl) {
    try {
      const raw = new URL(c.redisUrl).password;
      if (raw) {
        const plain = decodeURIComponent(raw);
        out.push(plain);
        if (raw !== plain) out.push(raw);
      }
    } catch {
      // not a URL: nothing to hide (the config loader refuses it anyway)
    }
  }
  return out;
}
