import { CommandError, sudoRuleText } from '@potion/adapters';
import { texts, type Text } from '@potion/jobs';
import { AccessDeniedError, JobTimeoutError, UserFacingError } from './errors.js';

/** The error summary for the chat, with its formatting (a UserFacingError's commands as code). */
export function userErrorMarkup(err: unknown): Text {
  return err instanceof UserFacingError ? err.text : userErrorText(err);
}

/** The short error summary a user reads in DONE_FAIL; the detail goes to runtime.log. */
export function userErrorText(err: unknown): string {
  if (err instanceof UserFacingError || err instanceof AccessDeniedError) return err.userText;
  if (err instanceof JobTimeoutError) return `kelamaan, lebih dari ${Math.round(err.timeoutMs / 1000)} detik jadi aku hentikan`;
  if (err instanceof CommandError) {
    const cmd = [err.command, ...err.args].join(' ').slice(0, 120);
    if (err.failure === 'not-found') return `perintah "${err.command}" belum terpasang di server`;
    if (err.failure === 'timeout') return `perintah "${cmd}" tidak selesai-selesai`;
    if (err.command === 'sudo' && /password is required|not allowed|may not run/i.test(err.stderrTail)) {
      return texts.sudoMissing(sudoRuleText(err.args));
    }
    const tail = err.stderrTail.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
    return `perintah "${cmd}" gagal${err.exitCode !== undefined ? ` (kode ${err.exitCode})` : ''}${tail ? `: ${tail}` : ''}`;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return msg.slice(0, 300);
}

export function progressBar(percent: number, width = 10): string {
  const p = Math.max(0, Math.min(100, percent));
  const full = Math.round((p / 100) * width);
  return `${'▓'.repeat(full)}${'░'.repeat(width - full)} ${Math.round(p)}%`;
}

export { texts };
