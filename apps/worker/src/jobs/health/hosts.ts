import { applyObservations } from '../../alerts/engine.js';
import { hostsHeard, observeHosts } from '../../alerts/host-silence.js';
import type { Handler } from '../types.js';
import { presentHosts } from './present.js';

/**
 * Every minute on the main host (schedules.ts): one alert per other known host whose
 * heartbeat stopped ("🔌 pi tidak terdengar sejak 14:02"), with the usual reminders, mutes and
 * recovery. A host removed from the registry drops its alert silently. A joined host does
 * nothing (its ACL cannot read the registry, and the main host watches it).
 */
export const healthHosts: Handler<'health.hosts'> = {
  run: async (_d, ctx) => {
    if (ctx.config.hostRole !== 'main') return { checked: 0, silent: [] };
    const heard = await hostsHeard(ctx);
    await applyObservations(ctx, observeHosts(heard, ctx.config.timezone), { dropUnobserved: ['host'] });
    return { checked: heard.length, silent: heard.filter((h) => h.silent).map((h) => h.id) };
  },
  present: presentHosts,
};
