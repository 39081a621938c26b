import type { Config } from '@potion/platform';
import type { Redis } from 'ioredis';
import { readHosts } from './host-silence.js';

/**
 * The name alerts and the digest start with: this host's name when more than one host is
 * known (main), always on a joined host (its ACL cannot read the registry: its HOST_ID);
 * undefined on a single-host install, whose texts stay as they were.
 */
export async function alertHostName(deps: { redis: Redis; config: Pick<Config, 'hostId' | 'hostRole'> }): Promise<string | undefined> {
  if (deps.config.hostRole === 'joined') return deps.config.hostId;
  const hosts = await readHosts(deps.redis);
  if (hosts.length <= 1) return undefined;
  return hosts.find((h) => h.id === deps.config.hostId)?.name ?? deps.config.hostId;
}

/** "🖥️ pi · " before a text (libs/jobs: the bot names a host the same way). */
export { hostPrefix } from '@potion/jobs';
