import { clock, hostKeys, keys, toHtml } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Deps } from '../runtime/context.js';
import { alertTexts } from './texts.js';
import type { Observation } from './types.js';

/** One entry of the registry of hosts (`keys.hosts`): hostId -> JSON {name, addedAt}. */
const hostEntry = z.object({ name: z.string().min(1).max(64), addedAt: z.number().int() }).passthrough();

export interface KnownHost {
  id: string;
  name: string;
}

/** The registry of known hosts (main host only: a joined host's ACL cannot read it). Bad entries are skipped. */
export async function readHosts(redis: Redis): Promise<KnownHost[]> {
  const raw = await redis.hgetall(keys.hosts);
  const out: KnownHost[] = [];
  for (const [id, json] of Object.entries(raw)) {
    try {
      const e = hostEntry.safeParse(JSON.parse(json));
      out.push({ id, name: e.success ? e.data.name : id });
    } catch {
      out.push({ id, name: id });
    }
  }
  // Code-unit order, not localeCompare (ICU, decision 052): ids are [a-z0-9-], where both agree.
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface HostHeard extends KnownHost {
  /** Unix ms of its newest heartbeat (by its own clock); undefined: it never sent one. */
  lastHeard: number | undefined;
  /** Its heartbeat is more than HOST_SILENT_MIN past due. */
  silent: boolean;
}

export const hostAlertId = (hostId: string) => `host.${hostId}`;

/**
 * Every other known host with its newest heartbeat. A heartbeat is due every
 * HEARTBEAT_INTERVAL_SEC (every host shares the .env default), so a host is silent once the
 * newest is older than that plus HOST_SILENT_MIN. This host is never checked by itself.
 */
export async function hostsHeard(deps: Pick<Deps, 'redis' | 'config' | 'now'>): Promise<HostHeard[]> {
  const others = (await readHosts(deps.redis)).filter((h) => h.id !== deps.config.hostId);
  if (others.length === 0) return [];
  const beats = await deps.redis.mget(...others.map((h) => hostKeys(h.id).heartbeat));
  const now = deps.now();
  const limit = deps.config.heartbeatIntervalMs + deps.config.alerts.hostSilentMs;
  return others.map((h, i) => {
    const n = Number(beats[i]);
    const lastHeard = beats[i] && Number.isFinite(n) && n > 0 ? n : undefined;
    return { ...h, lastHeard, silent: lastHeard !== undefined && now - lastHeard >= limit };
  });
}

/**
 * One observation per other host: bad once silent (the window is in hostsHeard, so it fires
 * at once and "sejak" is the last heartbeat), clear on a fresh heartbeat. A host that never
 * sent one (just added, not installed yet) says nothing.
 */
export function observeHosts(heard: readonly HostHeard[], timezone: string): Observation[] {
  return heard.map((h) => ({
    id: hostAlertId(h.id),
    family: 'host',
    level: h.lastHeard === undefined ? 'hold' : h.silent ? 'bad' : 'clear',
    forMs: 0,
    ...(h.lastHeard !== undefined && h.silent ? { since: h.lastHeard } : {}),
    text: toHtml(alertTexts.hostSilent(h.name, h.lastHeard !== undefined ? clock(h.lastHeard, timezone) : '?')),
    label: h.name,
  }));
}
