import { readHostLists } from '@potion/jobs';
import type { BotContext, BotDeps } from './context.js';
import { hostNameIfMany, hostOf } from './hosts.js';
import { botTexts } from './texts.js';

/** What 🧰 Kontrol, 📜 Logs and 🐳 list for one host. */
export interface MenuLists {
  services: readonly string[];
  containers: readonly string[];
}

/**
 * The lists of a host as its worker published them at its start (`hostKeys(id).lists`,
 * decision 053). Not published or not valid: for the bot's own host its own `.env` (the main
 * machine's worker reads the same file), for any other host `undefined`: the menus say so
 * instead of showing another host's names.
 */
export async function listsOf(deps: Pick<BotDeps, 'redis' | 'config' | 'log'>, hostId: string): Promise<MenuLists | undefined> {
  const read = await readHostLists(deps.redis, hostId);
  if (read.ok) return read.lists;
  if (read.reason === 'invalid') deps.log.warn({ module: 'bot:host-lists', host: hostId, detail: read.detail }, 'the lists a host published are not valid; not shown');
  if (hostId === deps.config.hostId) return { services: deps.config.servicesWhitelist, containers: deps.config.dockerWhitelist };
  return undefined;
}

/** A host's name for a text: its registry name when several hosts are known, else its id. */
export async function hostLabel(deps: Pick<BotDeps, 'redis'>, hostId: string): Promise<string> {
  return (await hostNameIfMany(deps, hostId)) ?? hostId;
}

/**
 * For a press under a menu message: the host it acts on (hosts.ts `hostOf`) and that host's
 * lists; when they are not known the press is answered with the honest line and `undefined`
 * is returned.
 */
export async function listsForPress(ctx: BotContext, deps: BotDeps): Promise<{ host: string; lists: MenuLists } | undefined> {
  const host = await hostOf(ctx, deps);
  const lists = await listsOf(deps, host);
  if (lists) return { host, lists };
  await ctx.answerCallbackQuery({ text: botTexts.listsUnknown(await hostLabel(deps, host)).slice(0, 200), show_alert: true });
  return undefined;
}
