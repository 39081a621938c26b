import { CommandError } from '@potion/adapters';
import { htmlToText, JobPayloadError, type Text } from '@potion/jobs';
import { UnrecoverableError } from 'bullmq';
import { AccessDeniedError, UserFacingError } from './errors.js';

/** What a failure means: whether another attempt could help, and why, in a few casual words. */
export interface FailureClass {
  permanent: boolean;
  /** Short casual Indonesian for "⚠️ <part>: gak kebaca (<why>)". */
  why: string;
}

/** systemctl (or any sd-bus tool) on a machine where systemd is not PID 1, or its bus is gone. */
const NO_SYSTEMD = /has not been booted with systemd|Failed to connect to bus|System has not been booted/i;
/** sudo -n without a matching rule, or sudo blocked by the service's sandboxing. */
const SUDO_REFUSED = /password is required|not allowed|may not run|is not in the sudoers/i;
const SUDO_NO_NEW_PRIVS = /no new privileges/i;
/** sudo found the rule but not the tool ("sudo: smartctl: command not found"). */
const SUDO_TOOL_MISSING = /^sudo: ([^:\s]+): command not found/m;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The tool a person would name: the command itself, or what sudo was asked to run. */
function toolOf(err: CommandError): string {
  if (err.command !== 'sudo') return err.command.split('/').pop() ?? err.command;
  const tool = err.args.find((a) => !a.startsWith('-'));
  return tool ?? 'sudo';
}

function commandClass(err: CommandError): FailureClass {
  const tool = toolOf(err);
  const stderr = err.stderrTail;
  switch (err.failure) {
    case 'not-found':
      return { permanent: true, why: `"${tool}" belum terpasang` };
    case 'denied':
      return { permanent: true, why: `"${tool}" gak boleh dijalankan (permission denied)` };
    case 'aborted':
      return { permanent: true, why: 'dibatalkan' };
    case 'output-too-large':
      return { permanent: true, why: `keluaran "${tool}" kebanyakan` };
    case 'timeout':
      return { permanent: false, why: `"${tool}" kelamaan gak jawab` };
    default:
      break;
  }
  if (NO_SYSTEMD.test(stderr)) return { permanent: true, why: 'systemd gak jalan di mesin ini' };
  if (err.command === 'sudo') {
    if (SUDO_NO_NEW_PRIVS.test(stderr)) return { permanent: true, why: 'sudo diblok ("no new privileges" aktif di service worker)' };
    if (SUDO_REFUSED.test(stderr)) return { permanent: true, why: `izin sudo buat "${tool}" belum dipasang` };
    const missing = SUDO_TOOL_MISSING.exec(stderr);
    if (missing) return { permanent: true, why: `"${missing[1]}" belum terpasang` };
  }
  const last = stderr.trim().split('\n').pop()?.trim() ?? '';
  return { permanent: false, why: `"${tool}" gagal${err.exitCode !== undefined ? ` (kode ${err.exitCode})` : ''}${last ? `: ${clip(last, 80)}` : ''}` };
}

/** Node's file errors, and whether another attempt could fix them (a file may appear later). */
const FILE_CLASS: Record<string, FailureClass> = {
  ENOENT: { permanent: false, why: 'file-nya gak ada' },
  EACCES: { permanent: true, why: 'gak ada izin baca' },
  EPERM: { permanent: true, why: 'gak ada izin baca' },
  EISDIR: { permanent: true, why: 'isinya folder, bukan file' },
  ENOTDIR: { permanent: true, why: 'jalurnya bukan folder' },
  ELOOP: { permanent: true, why: 'symlink-nya muter-muter' },
};

/**
 * The one place that says which failures are permanent (never retried) and why, for the job
 * wrapper (BullMQ's UnrecoverableError) and for answers built from parts (one "gak kebaca"
 * line each). A bad payload, a refusal, a tool that is not installed or may not run, a sudo
 * rule that is missing, a systemctl that cannot reach systemd, or a file that may not be read
 * will fail the same way again; a timeout, an ordinary non-zero exit or a missing file might
 * not (pure).
 */
export function classifyFailure(err: unknown): FailureClass {
  if (err instanceof UserFacingError) return { permanent: err.permanent, why: clip(err.userText, 120) };
  if (err instanceof AccessDeniedError) return { permanent: true, why: clip(err.userText, 120) };
  if (err instanceof JobPayloadError) return { permanent: true, why: 'permintaannya gak valid' };
  if (err instanceof UnrecoverableError) return { permanent: true, why: clip(err.message, 120) };
  if (err instanceof CommandError) return commandClass(err);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && FILE_CLASS[code]) return FILE_CLASS[code];
  const message = err instanceof Error ? err.message : String(err);
  return { permanent: false, why: clip(message, 120) };
}

/** Whether a failure is permanent (never retried); see classifyFailure. */
export function isPermanent(err: unknown): boolean {
  return classifyFailure(err).permanent;
}
