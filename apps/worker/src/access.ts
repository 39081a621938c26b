import type { Config, JobDef, JobMeta } from '@potion/jobs';
import { texts } from '@potion/jobs';

export type AccessDecision = { ok: true } | { ok: false; reason: string; userText: string };

/**
 * The worker's own permission check (defence in depth: the bot checked too). Jobs from
 * Telegram need the role the job asks for; a unit must be in SERVICES_WHITELIST by exact
 * name, whoever asks.
 */
export function checkAccess(def: JobDef, payload: unknown, meta: JobMeta, config: Config): AccessDecision {
  if (def.unitField) {
    const unit = (payload as Record<string, unknown>)[def.unitField];
    const absentButOptional = unit === undefined && def.unitOptional === true;
    if (!absentButOptional && (typeof unit !== 'string' || !config.servicesWhitelist.includes(unit))) {
      const shown = typeof unit === 'string' ? unit.slice(0, 100) : String(unit);
      return { ok: false, reason: `unit "${shown}" is not in SERVICES_WHITELIST`, userText: texts.notWhitelisted(shown) };
    }
  }
  if (meta.by.kind !== 'telegram') return { ok: true };
  const id = meta.by.userId;
  const isAdmin = config.adminIds.includes(id);
  const isViewer = isAdmin || config.viewerIds.includes(id);
  const needsAdmin = def.mutates || def.access === 'admin';
  if (needsAdmin ? isAdmin : isViewer) return { ok: true };
  return { ok: false, reason: `user ${id} lacks the ${needsAdmin ? 'admin' : 'viewer'} role`, userText: texts.notAllowed(id) };
}
