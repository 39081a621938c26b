import { buttons, type OutboxMessage } from '@potion/jobs';

type Button = NonNullable<OutboxMessage['buttons']>[number][number];

/** "✅ Lanjut update" under a preview: the bot then asks the usual confirmation of update.apt or update.git. */
export function proceedUpdateButton(what: 'apt' | 'git'): Button {
  return { text: '✅ Lanjut update', data: buttons.update.build({ go: what }) };
}
