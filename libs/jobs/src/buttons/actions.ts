import { z } from 'zod';
import { defineCodec } from './codec.js';

/** One-level menus whose button is a single action: `<family>:<action>`. */
function actionCodec<const F extends string, const A extends readonly [string, ...string[]]>(family: F, actions: A) {
  return defineCodec<F, A[number]>({
    family,
    toParts: (act) => [act],
    schema: z.tuple([z.enum(actions)]).transform(([act]) => act),
  });
}

/** 🌐 Network: `net:ip|ping|ts|speed`. */
export const NET_ACTIONS = ['ip', 'ping', 'ts', 'speed'] as const;
export type NetAction = (typeof NET_ACTIONS)[number];
export const netButtons = actionCodec('net', NET_ACTIONS);

/** 🔄 Update: `upd:apt|deps|git` (the menu), `upd:go:apt|git` (✅ Lanjut under a preview). */
export const UPDATE_ACTIONS = ['apt', 'deps', 'git'] as const;
export type UpdateAction = (typeof UPDATE_ACTIONS)[number];
/** The updates that show a preview first; their ✅ Lanjut leads to the confirmation. */
export const PREVIEWED_UPDATES = ['apt', 'git'] as const;
export type PreviewedUpdate = (typeof PREVIEWED_UPDATES)[number];
export type UpdateButton = UpdateAction | { go: PreviewedUpdate };
export const updateButtons = defineCodec<'upd', UpdateButton>({
  family: 'upd',
  toParts: (v) => (typeof v === 'string' ? [v] : ['go', v.go]),
  schema: z.union([
    z.tuple([z.enum(UPDATE_ACTIONS)]).transform(([act]): UpdateButton => act),
    z.tuple([z.literal('go'), z.enum(PREVIEWED_UPDATES)]).transform(([, go]): UpdateButton => ({ go })),
  ]),
});

/** 🧰 Kontrol → power: `pw:reboot|off`. */
export const POWER_ACTIONS = ['reboot', 'off'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
export const powerButtons = actionCodec('pw', POWER_ACTIONS);
