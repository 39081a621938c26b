import type { OutboxMessage } from '@potion/jobs';

type Button = NonNullable<OutboxMessage['buttons']>[number][number];

/**
 * The button that starts the usual reboot flow: the bot reads `pw:reboot` with its power
 * parser (apps/bot/src/callback-data.ts, cb.power('reboot')) and asks the same confirmation
 * as 🧰 Kontrol → Reboot, whose ✅ carries the signed proof. Built in this one function until
 * libs/jobs/src/buttons.ts has a power codec (issue 16's button codecs); move it there then.
 */
export function rebootButton(): Button {
  return { text: '♻️ Reboot sekarang', data: 'pw:reboot' };
}
