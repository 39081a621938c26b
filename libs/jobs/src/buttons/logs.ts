import { z } from 'zod';
import { defineCodec } from './codec.js';

/** Where a log comes from, as a button says it: `r` runtime.log, `d` dmesg, `j<index>` a unit's journal. */
const logSrc = z.union([z.literal('r'), z.literal('d'), z.string().regex(/^j\d{1,3}$/).transform((s) => s as `j${number}`)]);
export type LogSrc = z.infer<typeof logSrc>;
/** `t` tail, `e`/`f`/`w` a fixed word, `k` a typed word, `x` the file. */
export const LOG_ACTIONS = ['t', 'e', 'f', 'w', 'k', 'x'] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];

/** 📜 Logs: `lg:back`, `lg:<src>` (pick a source), `lg:<src>:<action>`. */
export type LogsButton = { kind: 'back' } | { kind: 'source'; src: LogSrc } | { kind: 'action'; src: LogSrc; act: LogAction };

export const logsButtons = defineCodec<'lg', LogsButton>({
  family: 'lg',
  toParts: (v) => (v.kind === 'back' ? ['back'] : v.kind === 'source' ? [v.src] : [v.src, v.act]),
  schema: z.union([
    z.tuple([z.literal('back')]).transform((): LogsButton => ({ kind: 'back' })),
    z.tuple([logSrc]).transform(([src]): LogsButton => ({ kind: 'source', src })),
    z.tuple([logSrc, z.enum(LOG_ACTIONS)]).transform(([src, act]): LogsButton => ({ kind: 'action', src, act })),
  ]),
});
