import { z } from 'zod';
import { CLEAN_KINDS, type CleanKind } from '../registry/clean.js';
import { defineCodec } from './codec.js';

/**
 * 🧹 Disk clean-ups (issue 19 point 8):
 * - `clean:plan`             measure what each clean-up would free (under the disk-full alert, 📊 Detail)
 * - `clean:go:<kind>[:...]`  run these clean-ups (the bot asks the usual confirmation first)
 */
export type CleanButton = { kind: 'plan' } | { kind: 'go'; kinds: CleanKind[] };

export const cleanButtons = defineCodec<'clean', CleanButton>({
  family: 'clean',
  toParts: (v) => (v.kind === 'plan' ? ['plan'] : ['go', ...v.kinds]),
  schema: z.union([
    z.tuple([z.literal('plan')]).transform((): CleanButton => ({ kind: 'plan' })),
    z
      .tuple([z.literal('go'), z.enum(CLEAN_KINDS)])
      .rest(z.enum(CLEAN_KINDS))
      .refine((p) => new Set(p).size === p.length, 'each clean-up once')
      .transform(([, ...kinds]): CleanButton => ({ kind: 'go', kinds })),
  ]),
});
