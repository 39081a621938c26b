import { HOST_ID_PATTERN } from '@potion/platform';
import { z } from 'zod';
import { defineCodec } from './codec.js';

/** The menus that ask which host first when more than one host is known (`st`: one host's 📊 Status summary). */
export const HOST_MENUS = ['st', 'ctl', 'logs', 'bk', 'net', 'upd'] as const;
export type HostMenu = (typeof HOST_MENUS)[number];

/**
 * Picking a host (issue 18): `hp:<menu>` shows the host picker of a menu (🖥️ <host> · ganti),
 * `hp:<menu>:<hostId>` opens the menu for that host and remembers the choice for the chat.
 * A host id is at most 32 bytes (HOST_ID_PATTERN), so the data stays within 64 bytes.
 */
export type HostButton = { menu: HostMenu; hostId?: string };

export const hostButtons = defineCodec<'hp', HostButton>({
  family: 'hp',
  toParts: (v) => (v.hostId === undefined ? [v.menu] : [v.menu, v.hostId]),
  schema: z.union([
    z.tuple([z.enum(HOST_MENUS)]).transform(([menu]): HostButton => ({ menu })),
    z.tuple([z.enum(HOST_MENUS), z.string().regex(HOST_ID_PATTERN)]).transform(([menu, hostId]): HostButton => ({ menu, hostId })),
  ]),
});
