import type { Config } from '@potion/platform';
import { tellAdmins } from '../runtime/outbox.js';
import type { Deps } from '../runtime/context.js';
import { muteTexts } from './mute-texts.js';
import { takeEnded } from './mutes.js';

/** A mute's end is announced within this long of it. */
export const MUTE_END_WITHIN_MS = 60_000;

/**
 * The host sample announces the mute ends (docs/decisions/056) when samples come at least
 * this often; otherwise the minute's `health.muteEnds` scheduler does. An alert a mute held
 * back can fire only at a sample, so the note comes before it either way.
 */
export function muteEndsBySample(config: Pick<Config, 'sampleIntervalMs'>): boolean {
  return config.sampleIntervalMs <= MUTE_END_WITHIN_MS;
}

/** Mutes whose end passed are removed and announced to every admin (once, even with two workers). */
export async function announceMuteEnds(deps: Deps): Promise<{ alertId: string; until: number }[]> {
  const now = deps.now();
  const ended = await takeEnded(deps.redis, deps.keys, now);
  for (const m of ended) {
    // `mute-end.<alert id>.<until>.<admin>`: a second run for the same mute sends nothing twice.
    const text = muteTexts.ended(m.id, m.until, deps.config.timezone);
    await tellAdmins(deps, { purpose: 'mute-end', id: `${m.id}.${m.until}`, text, kind: 'info', requestId: 'mute-end', source: 'mutes', now });
  }
  return ended.map((m) => ({ alertId: m.id, until: m.until }));
}
