import { z } from 'zod';

/**
 * Callback data of the inline menus: short ASCII (well under Telegram's 64 bytes), parsed
 * with zod so a forged or stale button is recognised and answered, never acted on.
 * Units are addressed by their index in SERVICES_WHITELIST, never by a free name.
 */
const MAX_CALLBACK_BYTES = 64;

/** Where a log comes from, as a button says it: `r` runtime.log, `d` dmesg, `j<index>` a unit's journal. */
const logSrc = z.union([z.literal('r'), z.literal('d'), z.string().regex(/^j\d{1,3}$/)]);
export type LogSrc = z.infer<typeof logSrc>;
export const LOG_ACTIONS = ['t', 'e', 'f', 'w', 'k', 'x'] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];

const logsData = z.union([
  z.tuple([z.literal('lg'), z.literal('back')]).transform(() => ({ kind: 'back' as const })),
  z.tuple([z.literal('lg'), logSrc]).transform(([, src]) => ({ kind: 'source' as const, src })),
  z.tuple([z.literal('lg'), logSrc, z.enum(LOG_ACTIONS)]).transform(([, src, act]) => ({ kind: 'action' as const, src, act })),
]);
export type LogsData = z.infer<typeof logsData>;

export const NET_ACTIONS = ['ip', 'ping', 'ts', 'speed'] as const;
export type NetAction = (typeof NET_ACTIONS)[number];
const netData = z.tuple([z.literal('net'), z.enum(NET_ACTIONS)]).transform(([, act]) => act);

export const UPDATE_ACTIONS = ['apt', 'deps', 'git'] as const;
export type UpdateAction = (typeof UPDATE_ACTIONS)[number];
const updateData = z.tuple([z.literal('upd'), z.enum(UPDATE_ACTIONS)]).transform(([, act]) => act);

export const POWER_ACTIONS = ['reboot', 'off'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
const powerData = z.tuple([z.literal('pw'), z.enum(POWER_ACTIONS)]).transform(([, act]) => act);

function parseWith<T>(schema: z.ZodType<T>, data: string | undefined): T | undefined {
  if (data === undefined || Buffer.byteLength(data) > MAX_CALLBACK_BYTES || !/^[\x21-\x7e]+$/.test(data)) return undefined;
  const r = schema.safeParse(data.split(':'));
  return r.success ? r.data : undefined;
}

export const parseLogsData = (data: string | undefined) => parseWith(logsData, data);
export const parseNetData = (data: string | undefined) => parseWith(netData, data);
export const parseUpdateData = (data: string | undefined) => parseWith(updateData, data);
export const parsePowerData = (data: string | undefined) => parseWith(powerData, data);

/** Builders, so every button is made the way its parser reads it. */
export const cb = {
  logsBack: 'lg:back',
  logsSource: (src: LogSrc) => `lg:${src}`,
  logsAction: (src: LogSrc, act: LogAction) => `lg:${src}:${act}`,
  net: (act: NetAction) => `net:${act}`,
  update: (act: UpdateAction) => `upd:${act}`,
  power: (act: PowerAction) => `pw:${act}`,
} as const;
