import type { BotCommand } from 'grammy/types';

/** The commands of PRD section 8, registered with setMyCommands so the client lists them. */
export const COMMANDS: readonly BotCommand[] = [
  { command: 'start', description: 'Tampilkan menu & cek izin' },
  { command: 'help', description: 'Ringkasan fitur & pengamanan' },
  { command: 'status', description: 'Ringkasan status server' },
  { command: 'logs', description: 'Tail log (contoh: /logs runtime)' },
  { command: 'backup', description: 'Jalankan backup sekarang' },
  { command: 'services', description: 'Daftar service whitelist + status' },
  { command: 'reboot', description: 'Reboot aman (pakai konfirmasi)' },
];
