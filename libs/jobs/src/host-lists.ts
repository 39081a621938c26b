import { CONTAINER_NAME, unitName } from '@potion/platform';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { hostKeys } from './keys.js';

/** Button data addresses an entry by a 1-3 digit index (buttons/kontrol.ts, docker.ts, logs.ts). */
const MAX_ENTRIES = 1000;

/**
 * What one host's worker allows, as it publishes it in `hostKeys(id).lists`: its
 * SERVICES_WHITELIST (🧰 Kontrol; the journals 📜 Logs offers are these units too, as the
 * worker's logs jobs check them against the same list) and its DOCKER_WHITELIST (🐳). Fields
 * added later are ignored by an older bot (zod strips them).
 */
export const hostLists = z.object({
  services: z.array(unitName).max(MAX_ENTRIES).readonly(),
  containers: z.array(z.string().regex(CONTAINER_NAME, 'not a container name')).max(MAX_ENTRIES).readonly(),
  /** Unix ms, by the worker's clock. */
  publishedAt: z.number().int().nonnegative(),
});
export type HostLists = z.infer<typeof hostLists>;

/** What the bot found for a host: the lists, or why it has none (no key: an older worker, or one that never ran). */
export type HostListsRead = { ok: true; lists: HostLists } | { ok: false; reason: 'missing' | 'invalid'; detail?: string };

/** Written by a worker at start, from its own config; no expiry (the lists change only with a restart). */
export async function publishHostLists(redis: Redis, hostId: string, lists: HostLists): Promise<void> {
  await redis.set(hostKeys(hostId).lists, JSON.stringify(hostLists.parse(lists)));
}

/** Reads and validates a host's published lists; bad JSON or a bad shape is `invalid`, never thrown. */
export async function readHostLists(redis: Redis, hostId: string): Promise<HostListsRead> {
  const raw = await redis.get(hostKeys(hostId).lists);
  if (raw === null) return { ok: false, reason: 'missing' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, reason: 'invalid', detail: `not JSON: ${String(err).slice(0, 200)}` };
  }
  const parsed = hostLists.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300) };
  return { ok: true, lists: parsed.data };
}
