import { z } from 'zod';
import { snapshotName } from '../registry/backup.js';
import { defineCodec } from './codec.js';

/** 💾 Backup menu: run now, restore list, verify the newest, schedule, prune, off-site copy now. */
export const BACKUP_ACTIONS = ['run', 'list', 'vfy', 'sch', 'prune', 'off'] as const;
export type BackupAction = (typeof BACKUP_ACTIONS)[number];
/** Per snapshot (under the worker's list and verify results): `r` restore (confirmed), `c` quick check, `f` full check, `o` open (browse). */
export const SNAPSHOT_ACTIONS = ['r', 'c', 'f', 'o'] as const;
export type SnapshotAction = (typeof SNAPSHOT_ACTIONS)[number];

/**
 * `bk:<action>`, `bk:t:<HHMM>` (a preset schedule time; the value is "HH:MM"), `bk:t:k` (type
 * the time), `bk:<r|c|f|o>:<snapshot>`, `bk:go:<token>` (a restore plan the worker kept in Redis
 * goes on to its confirmation).
 */
export type BackupButton =
  | { kind: 'menu'; act: BackupAction }
  | { kind: 'time'; time: string }
  | { kind: 'type-time' }
  | { kind: 'snapshot'; act: SnapshotAction; snapshot: string }
  | { kind: 'plan-go'; token: string };

const hhmm = z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/);
/** A token of a Redis record the worker wrote (a restore plan, a browsed page): base64url. */
export const recordToken = z.string().regex(/^[A-Za-z0-9_-]{6,24}$/);

function toParts(v: BackupButton): string[] {
  switch (v.kind) {
    case 'menu':
      return [v.act];
    case 'time':
      return ['t', v.time.replace(':', '')];
    case 'type-time':
      return ['t', 'k'];
    case 'snapshot':
      return [v.act, v.snapshot];
    case 'plan-go':
      return ['go', v.token];
  }
}

export const backupButtons = defineCodec<'bk', BackupButton>({
  family: 'bk',
  toParts,
  schema: z.union([
    z.tuple([z.enum(BACKUP_ACTIONS)]).transform(([act]): BackupButton => ({ kind: 'menu', act })),
    z.tuple([z.literal('t'), z.literal('k')]).transform((): BackupButton => ({ kind: 'type-time' })),
    z.tuple([z.literal('t'), hhmm]).transform(([, t]): BackupButton => ({ kind: 'time', time: `${t.slice(0, 2)}:${t.slice(2)}` })),
    z.tuple([z.enum(SNAPSHOT_ACTIONS), snapshotName]).transform(([act, snapshot]): BackupButton => ({ kind: 'snapshot', act, snapshot })),
    z.tuple([z.literal('go'), recordToken]).transform(([, token]): BackupButton => ({ kind: 'plan-go', token })),
  ]),
});
