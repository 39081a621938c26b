import { keys } from '@potion/jobs';
import { HOST_ID_PATTERN } from '@potion/platform';
import { z } from 'zod';
import type { BotContext, BotDeps } from './context.js';

/** How long the bot remembers which host a message belongs to (buttons stay pressable that long). */
export const MESSAGE_HOST_TTL_SEC = 30 * 24 * 3600;

const hostEntry = z.object({ name: z.string().min(1).max(64) }).passthrough();

export interface KnownHost {
  id: string;
  name: string;
}

/** The registry of hosts (`keys.hosts`), sorted by id; an entry with a bad id or JSON is left out. */
export async function knownHosts(deps: Pick<BotDeps, 'redis'>): Promise<KnownHost[]> {
  const raw = await deps.redis.hgetall(keys.hosts);
  const out: KnownHost[] = [];
  for (const [id, json] of Object.entries(raw)) {
    if (!HOST_ID_PATTERN.test(id)) continue;
    let name = id;
    try {
      const parsed = hostEntry.safeParse(JSON.parse(json));
      if (parsed.success) name = parsed.data.name;
    } catch {
      // A broken entry still names a host: show its id.
    }
    out.push({ id, name });
  }
  // Code-unit order, not localeCompare (ICU, decision 052): ids are [a-z0-9-], where both agree.
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The host a chat picked last (kept only while that host is known), else the bot's own. */
export async function chosenHost(deps: Pick<BotDeps, 'redis' | 'config'>, chatId: number): Promise<string> {
  const picked = await deps.redis.get(keys.chatHost(chatId));
  if (picked !== null && HOST_ID_PATTERN.test(picked) && (await deps.redis.hexists(keys.hosts, picked)) === 1) return picked;
  return deps.config.hostId;
}

export async function rememberChoice(deps: Pick<BotDeps, 'redis'>, chatId: number, hostId: string): Promise<void> {
  await deps.redis.set(keys.chatHost(chatId), hostId);
}

/** Records that a message belongs to a host: a press on its buttons acts on that host. */
export async function rememberMessageHost(deps: Pick<BotDeps, 'redis'>, chatId: number, messageId: number, hostId: string): Promise<void> {
  await deps.redis.set(keys.messageHost(chatId, messageId), hostId, 'EX', MESSAGE_HOST_TTL_SEC);
}

/**
 * The host a press or a typed command acts on. A button under a message acts on the host that
 * message belongs to (the outbox `notify@<host>` that sent or edited it, or the host its menu
 * was opened for), whatever its data says: a host can only make buttons for itself. Anything
 * else acts on the chat's choice, by default the bot's own host.
 */
export async function hostOf(ctx: BotContext, deps: Pick<BotDeps, 'redis' | 'config'>): Promise<string> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return deps.config.hostId;
  const messageId = ctx.callbackQuery?.message?.message_id;
  if (messageId !== undefined) {
    const owner = await deps.redis.get(keys.messageHost(chatId, messageId));
    if (owner !== null && HOST_ID_PATTERN.test(owner)) return owner;
  }
  return chosenHost(deps, chatId);
}

/** The host's name for texts, only when more than one host is known (one host: nothing changes). */
export async function hostNameIfMany(deps: Pick<BotDeps, 'redis'>, hostId: string): Promise<string | undefined> {
  const hosts = await knownHosts(deps);
  if (hosts.length < 2) return undefined;
  return hosts.find((h) => h.id === hostId)?.name ?? hostId;
}
