import { createHash } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { Deps } from '../runtime/context.js';
import { drainPending } from './engine.js';
import { muteRow } from './rules.js';
import { readToggles } from './settings.js';
import { mutedIds } from './store.js';
import type { AlertFamily } from './types.js';

/** Something that happened once (a login, an OOM kill): one message, no state, no recovery. */
export interface EventAlert {
  /** The alert id its mute buttons name, one per kind: `login.ssh`, `login.sudo`, `kernel.oom`... */
  id: string;
  family: AlertFamily;
  /** What the user reads, complete. */
  text: string;
  /** Unique per event (its journal cursor): the outbox job id, so a re-read sends nothing twice. */
  key: string;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * Sends one-off event alerts through the alert engine's pending list: a family switched off
 * in ⚙️ Settings sends nothing, a muted id (or "semua alert") sends nothing. `extra` adds
 * writes to the same MULTI (the journal cursor), so a crash leaves either the old cursor or
 * the new one with its messages pending.
 */
export async function sendEventAlerts(deps: Deps, events: readonly EventAlert[], extra: (tx: ChainableCommander) => void): Promise<{ sent: number; held: number }> {
  const [toggles, muted] = await Promise.all([readToggles(deps.redis, deps.keys), mutedIds(deps.redis, deps.keys, [...new Set(events.map((e) => e.id))])]);
  const now = deps.now();
  const tx = deps.redis.multi();
  let sent = 0;
  for (const e of events) {
    if (!toggles[e.family] || muted.has(e.id)) continue;
    const buttons = muteRow(e.id);
    for (const chatId of deps.config.adminIds) {
      const m = { jobId: `alert.${e.id}.${hash(e.key)}.event.${chatId}`, chatId, text: e.text, createdAt: now, ...(buttons.length ? { buttons } : {}) };
      tx.rpush(deps.keys.alertsPending, JSON.stringify(m));
    }
    sent += 1;
  }
  extra(tx);
  await tx.exec();
  await drainPending(deps);
  return { sent, held: events.length - sent };
}
