import type { RebootRequired, SecurityUpdates } from '@potion/jobs';
import { PART, unreadLine } from '../../runtime/parts.js';

/** At most this many package names on a line; the rest is "+N lagi". */
const NAMES_SHOWN = 3;

const names = (list: readonly string[], total: number) => {
  if (list.length === 0) return '';
  const shown = list.slice(0, NAMES_SHOWN).join(', ');
  return ` (${shown}${total > NAMES_SHOWN ? `, +${total - NAMES_SHOWN} lagi` : ''})`;
};

/**
 * "🔐 3 update keamanan menunggu (…)" when the last count found some, its "gak kebaca" line
 * when apt could not be read; nothing when none are pending or nothing was counted yet
 * (`always`: a line for none too, for the digest).
 */
export function securityLine(s: SecurityUpdates | undefined, opts: { always?: boolean } = {}): string[] {
  if (!s) return [];
  if (s.count === undefined) return [unreadLine({ part: PART.securityUpdates, why: s.unread ?? 'alasannya gak diketahui' })];
  if (s.count === 0) return opts.always ? ['🔐 Tidak ada update keamanan yang menunggu.'] : [];
  return [`🔐 ${s.count} update keamanan menunggu${names(s.packages, s.count)} · pasang lewat 🔄 Update → Apt`];
}

/** "♻️ Perlu reboot (linux-image-…)" while the marker is there; nothing otherwise. */
export function rebootLine(r: RebootRequired | undefined): string[] {
  if (!r?.required) return [];
  return [`♻️ Perlu reboot supaya update aktif${names(r.packages, r.packages.length)}`];
}
