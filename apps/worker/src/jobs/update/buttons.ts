import type { OutboxMessage } from '@potion/jobs';

type Button = NonNullable<OutboxMessage['buttons']>[number][number];

/**
 * "✅ Lanjut update" under a preview: `upd:go:apt|git`, read by the bot's update parser
 * (apps/bot/src/callback-data.ts), which then asks the usual confirmation of update.apt or
 * update.git. Built in this one function until libs/jobs/src/buttons.ts has an update codec
 * (issue 16's button codecs); move it there then.
 */
export function proceedUpdateButton(what: 'apt' | 'git'): Button {
  return { text: '✅ Lanjut update', data: `upd:go:${what}` };
}
