import type { UnreadPart } from '@potion/jobs';
import type { Logger } from '@potion/platform';
import { classifyFailure } from './retry-policy.js';

/** The names of the parts answers are built from, as the user reads them. */
export const PART = {
  services: 'Status layanan',
  sample: 'CPU, RAM, disk & uptime',
  memory: 'Memori',
  perCore: 'CPU per core',
  temps: 'Suhu',
  processes: 'Daftar proses',
  digestSample: 'Uptime & disk',
  cleanStop: 'Shutdown terakhir',
  powerMarker: 'Catatan reboot dari bot',
  securityUpdates: 'Update keamanan',
  rebootRequired: 'Tanda perlu reboot',
  containers: 'Container Docker',
} as const;

export type Part<T> = { ok: true; value: T } | { ok: false; unread: UnreadPart };

/**
 * Reads one part of an answer built from several. A failure becomes an UnreadPart (why, in
 * casual words, from classifyFailure) and a warning in runtime.log, never a failure of the
 * whole answer, and it is not retried: the rest of the answer is already there.
 */
export async function readPart<T>(part: string, read: () => Promise<T>, log: Logger): Promise<Part<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    const { why } = classifyFailure(err);
    log.warn({ module: 'worker:parts', part, err }, 'a part of an answer could not be read');
    return { ok: false, unread: { part, why } };
  }
}

/** "⚠️ Status layanan: gak kebaca (systemd gak jalan di mesin ini)". */
export function unreadLine(u: UnreadPart): string {
  return `⚠️ ${u.part}: gak kebaca (${u.why})`;
}
