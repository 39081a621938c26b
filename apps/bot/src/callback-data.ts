import { alertFamily, snapshotName } from '@potion/jobs';
import { unitName } from '@potion/platform';
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
/** "✅ Lanjut update" under a preview (the worker's jobs/update/buttons.ts writes it): `upd:go:apt|git`. */
export const PREVIEWED_UPDATES = ['apt', 'git'] as const;
export type PreviewedUpdate = (typeof PREVIEWED_UPDATES)[number];
const updateGoData = z.tuple([z.literal('upd'), z.literal('go'), z.enum(PREVIEWED_UPDATES)]).transform(([, , what]) => what);

export const POWER_ACTIONS = ['reboot', 'off'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
const powerData = z.tuple([z.literal('pw'), z.enum(POWER_ACTIONS)]).transform(([, act]) => act);

/** 💾 Backup: the menu actions, a schedule time (`HHMM`, or `k` = typed), and per-snapshot actions. */
export const BACKUP_ACTIONS = ['run', 'list', 'vfy', 'sch', 'prune'] as const;
export type BackupAction = (typeof BACKUP_ACTIONS)[number];
/** Per snapshot: `r` restore (planned, then confirmed), `c` quick check, `f` full check, `o` open (browse). */
export const SNAPSHOT_ACTIONS = ['r', 'c', 'f', 'o'] as const;
export type SnapshotAction = (typeof SNAPSHOT_ACTIONS)[number];
const hhmm = z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/);
/** A token of a Redis record the worker wrote (a restore plan, a browsed page): base64url. */
const token = z.string().regex(/^[A-Za-z0-9_-]{6,24}$/);
const backupData = z.union([
  z.tuple([z.literal('bk'), z.enum(BACKUP_ACTIONS)]).transform(([, act]) => ({ kind: 'menu' as const, act })),
  z.tuple([z.literal('bk'), z.literal('t'), z.literal('k')]).transform(() => ({ kind: 'type-time' as const })),
  z.tuple([z.literal('bk'), z.literal('t'), hhmm]).transform(([, , t]) => ({ kind: 'time' as const, time: `${t.slice(0, 2)}:${t.slice(2)}` })),
  z.tuple([z.literal('bk'), z.enum(SNAPSHOT_ACTIONS), snapshotName]).transform(([, act, snapshot]) => ({ kind: 'snapshot' as const, act, snapshot })),
  z.tuple([z.literal('bk'), z.literal('go'), token]).transform(([, , t]) => ({ kind: 'plan-go' as const, token: t })),
]);
export type BackupData = z.infer<typeof backupData>;

/**
 * Browsing a snapshot (the worker's present-browse.ts writes these): `bb:<token>:o<i>` open
 * entry i of the page, `p<n>` page n, `u` up, `r` restore, `s` send the file.
 */
const browseData = z.union([
  z.tuple([z.literal('bb'), token, z.string().regex(/^o\d{1,2}$/)]).transform(([, t, a]) => ({ token: t, act: 'open' as const, n: Number(a.slice(1)) })),
  z.tuple([z.literal('bb'), token, z.string().regex(/^p\d{1,5}$/)]).transform(([, t, a]) => ({ token: t, act: 'page' as const, n: Number(a.slice(1)) })),
  z.tuple([z.literal('bb'), token, z.enum(['u', 'r', 's'])]).transform(([, t, a]) => ({ token: t, act: ({ u: 'up', r: 'restore', s: 'send' } as const)[a], n: 0 })),
]);
export type BrowseData = z.infer<typeof browseData>;

/**
 * Alert buttons the worker writes (apps/worker/src/alerts/rules.ts): `alert:restart:<unit>`
 * and `alert:big:<root|hdd>`. A unit name may itself hold `:`, so the rest is rejoined.
 */
const alertData = z.union([
  z.tuple([z.literal('alert'), z.literal('big'), z.enum(['root', 'hdd'])]).transform(([, , target]) => ({ kind: 'big' as const, target })),
  z
    .tuple([z.literal('alert'), z.literal('restart'), z.string()])
    .rest(z.string())
    .transform(([, , ...parts]) => parts.join(':'))
    .pipe(unitName)
    .transform((unit) => ({ kind: 'restart' as const, unit })),
]);
export type AlertData = z.infer<typeof alertData>;

/** ⚙️ Settings → alert toggles, as the worker's settings presentation writes them: `set:alert:<family>:on|off`. */
const alertToggleData = z
  .tuple([z.literal('set'), z.literal('alert'), alertFamily, z.enum(['on', 'off'])])
  .transform(([, , family, state]) => ({ family, enabled: state === 'on' }));

function parseWith<T>(schema: z.ZodType<T>, data: string | undefined): T | undefined {
  if (data === undefined || Buffer.byteLength(data) > MAX_CALLBACK_BYTES || !/^[\x21-\x7e]+$/.test(data)) return undefined;
  const r = schema.safeParse(data.split(':'));
  return r.success ? r.data : undefined;
}

export const parseLogsData = (data: string | undefined) => parseWith(logsData, data);
export const parseNetData = (data: string | undefined) => parseWith(netData, data);
export const parseUpdateData = (data: string | undefined) => parseWith(updateData, data);
export const parseUpdateGoData = (data: string | undefined) => parseWith(updateGoData, data);
export const parsePowerData = (data: string | undefined) => parseWith(powerData, data);
export const parseBackupData = (data: string | undefined) => parseWith(backupData, data);
export const parseBrowseData = (data: string | undefined) => parseWith(browseData, data);
export const parseAlertData = (data: string | undefined) => parseWith(alertData, data);
export const parseAlertToggleData = (data: string | undefined) => parseWith(alertToggleData, data);

/** Builders, so every button is made the way its parser reads it. */
export const cb = {
  logsBack: 'lg:back',
  logsSource: (src: LogSrc) => `lg:${src}`,
  logsAction: (src: LogSrc, act: LogAction) => `lg:${src}:${act}`,
  net: (act: NetAction) => `net:${act}`,
  update: (act: UpdateAction) => `upd:${act}`,
  power: (act: PowerAction) => `pw:${act}`,
  backup: (act: BackupAction) => `bk:${act}`,
  /** `time` is "HH:MM"; the worker's list and verify results build `bk:r|c|f:<snapshot>` the same way. */
  backupTime: (time: string) => `bk:t:${time.replace(':', '')}`,
  backupTypeTime: 'bk:t:k',
  snapshot: (act: SnapshotAction, snapshot: string) => `bk:${act}:${snapshot}`,
} as const;
