import type { Present } from '../types.js';

/**
 * Not "Beres!" (PRD §21): the reboot or shutdown is only asked for here; whether it happened
 * is told by the "server sudah nyala lagi" notice after the boot (runtime/boot-notice.ts).
 */
export function presentPower<A extends 'reboot' | 'shutdown'>(action: A): Present<`host.${A}`> {
  return () => ({
    text:
      action === 'reboot'
        ? '🔁 Perintah reboot sudah dikirim. Server mati sebentar; aku kabari lagi begitu sudah nyala.'
        : '⏻ Perintah shutdown sudah dikirim. Nyalakan laptop lagi secara manual; aku kabari begitu sudah nyala.',
    raw: true,
  });
}

/** For the interrupted notice: how the user sees whether the host went down. */
export function powerHowToCheck(): string {
  return 'cek apakah bot menjawab /status; kalau server sempat mati, `uptime` akan menunjukkan waktu nyala yang baru';
}
