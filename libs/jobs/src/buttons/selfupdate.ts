import { z } from 'zod';
import { defineCodec } from './codec.js';

/**
 * ⚙️ Settings → ⬆️ Update potion-runner: `self:check` (the preview of incoming commits),
 * `self:go` under the preview (→ the confirmation of selfupdate.run).
 */
export const SELF_UPDATE_ACTIONS = ['check', 'go'] as const;
export type SelfUpdateAction = (typeof SELF_UPDATE_ACTIONS)[number];
export const selfUpdateButtons = defineCodec<'self', SelfUpdateAction>({
  family: 'self',
  toParts: (act) => [act],
  schema: z.tuple([z.enum(SELF_UPDATE_ACTIONS)]).transform(([act]) => act),
});
