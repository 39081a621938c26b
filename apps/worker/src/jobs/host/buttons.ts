import { buttons, type OutboxMessage } from '@potion/jobs';

type Button = NonNullable<OutboxMessage['buttons']>[number][number];

/**
 * The button that starts the usual reboot flow: the bot reads `pw:reboot` with the power codec
 * and asks the same confirmation as 🧰 Kontrol → Reboot, whose ✅ carries the signed proof.
 */
export function rebootButton(): Button {
  return { text: '♻️ Reboot sekarang', data: buttons.power.build('reboot') };
}
