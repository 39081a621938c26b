import { buttons } from '@potion/jobs';
import { InlineKeyboard, Keyboard } from 'grammy';

/** The labels of the main menu, exactly as PRD section 20. */
export const MENU = {
  status: '📊 Status',
  kontrol: '🧰 Kontrol',
  logs: '📜 Logs',
  backup: '💾 Backup',
  network: '🌐 Network',
  update: '🔄 Update',
  settings: '⚙️ Settings',
} as const;

/** The main ReplyKeyboard: three rows of two and Settings alone, sized for a phone. */
export function mainMenu(): Keyboard {
  return new Keyboard()
    .text(MENU.status).text(MENU.kontrol).row()
    .text(MENU.logs).text(MENU.backup).row()
    .text(MENU.network).text(MENU.update).row()
    .text(MENU.settings)
    .resized()
    .persistent();
}

/** ✅ / ❌ under a confirmation; the callback data holds only the opaque token. */
export function confirmKeyboard(token: string): InlineKeyboard {
  return new InlineKeyboard().text('✅ Ya, lanjut', buttons.confirm.build(token)).text('❌ Batal', buttons.cancel.build(token));
}
