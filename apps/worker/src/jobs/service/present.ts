import { code, html, type Html, type JobData, type JobResult } from '@potion/jobs';
import { serviceIcon } from '../../runtime/format.js';
import { unreadLine } from '../../runtime/parts.js';
import type { Present } from '../types.js';

type Verb = 'start' | 'stop' | 'restart';
const DONE_ID = { start: 'dinyalakan', stop: 'dimatikan', restart: 'di-restart' } as const;

export interface ControlFailure {
  unit: string;
  verb: Verb;
  active: string;
  sub: string;
  /** The last line of the command's stderr, or '' when the command itself went fine. */
  why: string;
  /** The unit's last journal lines. */
  journal: readonly string[];
}

/** Why a start/stop/restart did not leave the unit as asked (the job fails with this text). */
export function controlFailedText(f: ControlFailure): string {
  return (
    `${f.unit} gagal ${DONE_ID[f.verb]}, statusnya sekarang "${f.active}/${f.sub}"${f.why ? ` (${f.why})` : ''}` +
    (f.journal.length ? `\nLog terakhir:\n${f.journal.join('\n')}` : '')
  );
}

export function presentControl<V extends Verb>(verb: V): Present<`service.${V}`> {
  return (r) => ({ text: `${r.unit} sudah ${DONE_ID[verb]}. Status sekarang: ${serviceIcon(r.state.active, r.state.found)} ${r.state.active} (${r.state.sub})` });
}

/** For the interrupted notice: how the user sees whether the unit changed. */
export function controlHowToCheck(data: JobData<`service.${Verb}`>): Html {
  return html`buka 🧰 Kontrol untuk melihat status ${data.unit}, atau jalankan ${code(`systemctl status ${data.unit}`)}`;
}

/** The Kontrol list: each unit with its state, or with ❔ and one line saying why none could be read. */
export function serviceListText(r: JobResult<'service.list'>): string {
  if (r.services.length === 0) return 'Belum ada service di SERVICES_WHITELIST. Tambahkan di file .env ya.';
  if (r.unread.length > 0) return ['🧩 Service yang dipantau:', ...r.services.map((s) => `❔ ${s.unit}`), ...r.unread.map(unreadLine)].join('\n');
  return `🧩 Service yang dipantau:\n${r.services.map((s) => `${serviceIcon(s.active, s.found)} ${s.unit}: ${s.found ? `${s.active} (${s.sub})` : 'tidak ditemukan'}`).join('\n')}`;
}

// A reading of the units (like 📊 Status): no PRD §21 "Beres!" (raw). start/stop/restart use it.
export const presentList: Present<'service.list'> = (r) => ({ text: serviceListText(r), raw: true });
