import { unitName } from '@potion/platform';
import { z } from 'zod';
import { defineCodec } from './codec.js';

/** An alert id as health.mute takes it (`cpu`, `disk.root`, `svc.n8n.service`...) or `all`; it may hold `:`. */
const alertId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,60}$/);
const minutes = z.string().regex(/^\d{1,5}$/).transform(Number);

/**
 * Buttons under an alert (the worker's alerts/rules.ts writes them):
 * - `alert:restart:<unit>`  restart a whitelisted unit (the bot asks for confirmation first)
 * - `alert:big:<root|hdd>`  list the biggest folders of `/` or the HDD (job disk.biggest)
 * - `alert:mute:<id>:<min>` mute one alert id (or `all`) for some minutes (job health.mute)
 * - `alert:mute:<id>:t`     mute it until 07:00 TIMEZONE tomorrow
 * A unit name or an alert id may itself hold `:`, so the parts in between are rejoined.
 */
export type AlertButton =
  | { kind: 'restart'; unit: string }
  | { kind: 'big'; target: 'root' | 'hdd' }
  | { kind: 'mute'; alertId: string; minutes: number }
  | { kind: 'mute-tomorrow'; alertId: string };

function toParts(v: AlertButton): Array<string | number> {
  switch (v.kind) {
    case 'restart':
      return ['restart', v.unit];
    case 'big':
      return ['big', v.target];
    case 'mute':
      return ['mute', v.alertId, v.minutes];
    case 'mute-tomorrow':
      return ['mute', v.alertId, 't'];
  }
}

const restart = z
  .tuple([z.literal('restart'), z.string()])
  .rest(z.string())
  .transform(([, ...parts]) => parts.join(':'))
  .pipe(unitName)
  .transform((unit): AlertButton => ({ kind: 'restart', unit }));

/** `mute`, the id (rejoined), then the amount: the last part. */
const mute = z
  .tuple([z.literal('mute'), z.string(), z.string()])
  .rest(z.string())
  .transform(([, ...parts]) => ({ id: parts.slice(0, -1).join(':'), amount: parts.at(-1) ?? '' }))
  .pipe(z.object({ id: alertId, amount: z.union([z.literal('t'), minutes]) }))
  .transform(({ id, amount }): AlertButton => (amount === 't' ? { kind: 'mute-tomorrow', alertId: id } : { kind: 'mute', alertId: id, minutes: amount }));

export const alertButtons = defineCodec<'alert', AlertButton>({
  family: 'alert',
  toParts,
  schema: z.union([z.tuple([z.literal('big'), z.enum(['root', 'hdd'])]).transform(([, target]): AlertButton => ({ kind: 'big', target })), restart, mute]),
});
