import { z } from 'zod';
import { tunableId, tuneGroup, type TunableId, type TuneGroup } from '../tuning/catalog.js';
import { defineCodec } from './codec.js';

/**
 * ⚙️ Settings → 📏 Ambang alert and 📜 Aktivitas:
 * - `tn:h`: the list of pages (groups);
 * - `tn:g:<group>`: a group's page (settings.thresholds);
 * - `tn:v:<id>`: one value's page with its buttons (settings.thresholds with focus);
 * - `tn:s:<id>:<n>`: set it to n (settings.tune, confirmed first);
 * - `tn:d:<id>`: back to the `.env` default (settings.tune with null, confirmed first);
 * - `tn:k:<id>`: "✏️ Ketik angka", the bot waits for the typed number;
 * - `tn:a:<page>`: 📜 Aktivitas, page 0 = the newest (settings.activity).
 */
export type TuneButton =
  | { kind: 'home' }
  | { kind: 'group'; group: TuneGroup }
  | { kind: 'value' | 'default' | 'type'; id: TunableId }
  | { kind: 'set'; id: TunableId; value: number }
  | { kind: 'activity'; page: number };

const LETTER = { value: 'v', default: 'd', type: 'k' } as const;
const KIND = { v: 'value', d: 'default', k: 'type' } as const;
const whole = (max: number) => z.string().regex(new RegExp(`^\\d{1,${max}}$`)).transform(Number);

export const tuneButtons = defineCodec<'tn', TuneButton>({
  family: 'tn',
  toParts: (b) => {
    switch (b.kind) {
      case 'home':
        return ['h'];
      case 'group':
        return ['g', b.group];
      case 'set':
        return ['s', b.id, b.value];
      case 'activity':
        return ['a', b.page];
      default:
        return [LETTER[b.kind], b.id];
    }
  },
  schema: z.union([
    z.tuple([z.literal('h')]).transform((): TuneButton => ({ kind: 'home' })),
    z.tuple([z.literal('g'), tuneGroup]).transform(([, group]): TuneButton => ({ kind: 'group', group })),
    z.tuple([z.enum(['v', 'd', 'k']), tunableId]).transform(([k, id]): TuneButton => ({ kind: KIND[k], id })),
    z.tuple([z.literal('s'), tunableId, whole(9)]).transform(([, id, value]): TuneButton => ({ kind: 'set', id, value })),
    z.tuple([z.literal('a'), whole(2)]).transform(([, page]): TuneButton => ({ kind: 'activity', page })),
  ]),
});
