import { followSecurity } from '../../host/security-events.js';
import type { Handler } from '../types.js';

/** Every minute (schedules.ts): SSH logins, sudo by a person, OOM kills and disk errors from the journal. */
export const healthEvents: Handler<'health.events'> = {
  run: async (_d, ctx) => followSecurity(ctx, ctx.signal),
  present: (r) => ({ text: `log dibaca: ${r.auth ?? 'gagal'} baris login, ${r.kernel ?? 'gagal'} baris kernel, ${r.alerts} alert`, raw: true }),
};
