import { countSecurityUpdates } from '../../host/updates.js';
import type { Handler } from '../types.js';
import { securityLine } from '../status/updates-lines.js';

/**
 * Counts the pending security updates for 📊 Status and the digest (hourly; apt-get -s takes
 * seconds of CPU, too much for every sample or press). A failed count is stored with why
 * and is an answer, not a failed job.
 */
export const healthUpdates: Handler<'health.updates'> = {
  run: (_d, ctx) => countSecurityUpdates(ctx, ctx.signal),
  present: (r) => ({ text: securityLine(r, { always: true }).join('\n') || '🔐 Update keamanan belum dihitung.', raw: true }),
};
