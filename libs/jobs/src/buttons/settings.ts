import { z } from 'zod';
import { alertFamily } from '../registry/settings.js';
import { defineCodec } from './codec.js';

/**
 * ⚙️ Settings: `set:schedule`, `set:alerts` (the worker's toggles view), `set:admins`,
 * `set:about`, `set:maint:<minutes>` (0 ends it), and under the toggles view
 * `set:alert:<family>:on|off` (→ settings.set).
 */
export type SettingsButton =
  | { kind: 'schedule' | 'alerts' | 'admins' | 'about' }
  | { kind: 'maintenance'; minutes: number }
  | { kind: 'toggle'; family: z.infer<typeof alertFamily>; enabled: boolean };

/** At most 4 digits (9999 minutes): health.mute's own limit is a week. */
const minutes = z.string().regex(/^\d{1,4}$/).transform(Number);

export const settingsButtons = defineCodec<'set', SettingsButton>({
  family: 'set',
  toParts: (v) => (v.kind === 'maintenance' ? ['maint', v.minutes] : v.kind === 'toggle' ? ['alert', v.family, v.enabled ? 'on' : 'off'] : [v.kind]),
  schema: z.union([
    z.tuple([z.enum(['schedule', 'alerts', 'admins', 'about'])]).transform(([kind]): SettingsButton => ({ kind })),
    z.tuple([z.literal('maint'), minutes]).transform(([, m]): SettingsButton => ({ kind: 'maintenance', minutes: m })),
    z.tuple([z.literal('alert'), alertFamily, z.enum(['on', 'off'])]).transform(([, family, state]): SettingsButton => ({ kind: 'toggle', family, enabled: state === 'on' })),
  ]),
});
