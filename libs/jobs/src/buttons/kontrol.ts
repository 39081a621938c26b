import { z } from 'zod';
import { defineCodec } from './codec.js';

export const SERVICE_VERBS = ['start', 'stop', 'restart'] as const;
export type ServiceVerb = (typeof SERVICE_VERBS)[number];

/**
 * 🧰 Kontrol: units are addressed by their index in SERVICES_WHITELIST (short data, never a
 * free unit name): `ctl:u:<i>` picks one, `ctl:a:<i>:<verb>` acts on it, `ctl:list`, `ctl:back`.
 */
export type KontrolButton = { kind: 'list' } | { kind: 'back' } | { kind: 'unit'; index: number } | { kind: 'action'; index: number; verb: ServiceVerb };

const index = z.string().regex(/^\d{1,3}$/).transform(Number);

export const kontrolButtons = defineCodec<'ctl', KontrolButton>({
  family: 'ctl',
  toParts: (v) => (v.kind === 'unit' ? ['u', v.index] : v.kind === 'action' ? ['a', v.index, v.verb] : [v.kind]),
  schema: z.union([
    z.tuple([z.enum(['list', 'back'])]).transform(([kind]): KontrolButton => ({ kind })),
    z.tuple([z.literal('u'), index]).transform(([, i]): KontrolButton => ({ kind: 'unit', index: i })),
    z.tuple([z.literal('a'), index, z.enum(SERVICE_VERBS)]).transform(([, i, verb]): KontrolButton => ({ kind: 'action', index: i, verb })),
  ]),
});
