import { z } from 'zod';
import { defineCodec } from './codec.js';

/** The opaque confirmation token (apps/bot/src/confirm-token.ts: 96 random bits, base64url). */
const token = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/);
const tokenCodec = <const F extends string>(family: F) =>
  defineCodec<F, string>({ family, toParts: (t) => [t], schema: z.tuple([token]).transform(([t]) => t) });

/** ✅ under a confirmation: `cf:<token>`. */
export const confirmButtons = tokenCodec('cf');
/** ❌ under a confirmation: `cx:<token>`. */
export const cancelButtons = tokenCodec('cx');
