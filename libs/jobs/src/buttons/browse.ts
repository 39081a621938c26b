import { z } from 'zod';
import { recordToken } from './backup.js';
import { defineCodec } from './codec.js';

/**
 * Browsing a snapshot, on a page the worker kept in Redis under `token`: `bb:<token>:o<i>` opens
 * entry i of the page, `p<n>` shows page n, `u` goes up, `r` restores, `s` sends the file.
 * `n` is 0 for the actions without a number.
 */
export type BrowseButton = { token: string; act: 'open' | 'page'; n: number } | { token: string; act: 'up' | 'restore' | 'send'; n: 0 };

const LETTER = { up: 'u', restore: 'r', send: 's' } as const;

export const browseButtons = defineCodec<'bb', BrowseButton>({
  family: 'bb',
  toParts: (v) => [v.token, v.act === 'open' ? `o${v.n}` : v.act === 'page' ? `p${v.n}` : LETTER[v.act]],
  schema: z.union([
    z.tuple([recordToken, z.string().regex(/^o\d{1,2}$/)]).transform(([token, a]): BrowseButton => ({ token, act: 'open', n: Number(a.slice(1)) })),
    z.tuple([recordToken, z.string().regex(/^p\d{1,5}$/)]).transform(([token, a]): BrowseButton => ({ token, act: 'page', n: Number(a.slice(1)) })),
    z.tuple([recordToken, z.enum(['u', 'r', 's'])]).transform(([token, a]): BrowseButton => ({ token, act: ({ u: 'up', r: 'restore', s: 'send' } as const)[a], n: 0 })),
  ]),
});
