import { buttons, code, html, pre, type Html, type JobData, type JobResult } from '@potion/jobs';
import type { Config } from '@potion/platform';
import type { Present } from '../types.js';
import { containerLine, containerStateText, ICON } from '../../host/docker-lines.js';

type Verb = 'start' | 'stop' | 'restart';

const DONE_ID = { start: 'dinyalakan', stop: 'dimatikan', restart: 'di-restart' } as const;
const ALREADY_ID = { start: 'memang sudah jalan', stop: 'memang sudah mati', restart: 'di-restart' } as const;

/** The 🐳 list: every container with its state, and a button for each whitelisted one. */
const LIST_MAX = 40;

export function dockerListText(r: JobResult<'docker.list'>, whitelist: readonly string[]): string {
  if (!r.present) return '🐳 Docker gak ada di server ini (socket-nya gak ketemu), jadi belum ada container yang bisa aku pantau.';
  if (r.unread !== undefined) return `🐳 Container gak kebaca: ${r.unread}.`;
  if (r.containers.length === 0) return '🐳 Docker ada, tapi belum ada container sama sekali.';
  const lines = r.containers.slice(0, LIST_MAX).map((c) => containerLine(c, whitelist));
  const more = r.containers.length - LIST_MAX;
  const footer = whitelist.length
    ? '🛂 = ada di DOCKER_WHITELIST: boleh aku start/stop/restart dan aku kabari kalau mati. Pilih di bawah.'
    : 'Belum ada container di DOCKER_WHITELIST, jadi aku cuma bisa lihat. Tambahkan di file .env kalau mau aku kontrol & pantau.';
  return ['🐳 Container Docker:', ...lines, ...(more > 0 ? [`… dan ${more} lainnya`] : []), '', footer].join('\n');
}

function listButtons(r: JobResult<'docker.list'>, config: Pick<Config, 'dockerWhitelist'>): { text: string; data: string }[][] {
  if (!r.present || r.unread !== undefined) return [];
  const rows: { text: string; data: string }[][] = [];
  config.dockerWhitelist.forEach((name, index) => {
    const c = r.containers.find((x) => x.name === name);
    if (c) rows.push([{ text: `${ICON[c.state] ?? '❔'} ${name}`, data: buttons.docker.build({ kind: 'pick', index }) }]);
  });
  return rows;
}

// A reading (like 📊 Status): no PRD §21 "Beres!" (raw).
export const presentList: Present<'docker.list'> = (r, _d, { config }) => {
  const rows = listButtons(r, config);
  return { text: dockerListText(r, config.dockerWhitelist), raw: true, ...(rows.length ? { buttons: rows } : {}) };
};

export const presentLogs: Present<'docker.logs'> = (r) => ({
  text: r.lines.length ? html`📜 Log container ${r.container} — ${r.lines.length} baris terakhir\n\n${pre(r.lines.join('\n'))}` : `📜 Log container ${r.container} masih kosong.`,
  raw: true,
});

export function presentControl<V extends Verb>(verb: V): Present<`docker.${V}`> {
  return (r) => ({ text: `Container ${r.container} ${r.changed ? `sudah ${DONE_ID[verb]}` : ALREADY_ID[verb]}. Status sekarang: ${ICON[r.state] ?? '❔'} ${containerStateText(r.state, '', r.exitCode)}` });
}

/** Why a start/stop/restart did not leave the container as asked (the job fails with this text). */
export function controlFailedText(o: { container: string; verb: Verb; state: string; exitCode: number; why?: string; logs: readonly string[] }): string {
  return (
    `Container ${o.container} gagal ${DONE_ID[o.verb]}, statusnya sekarang "${containerStateText(o.state, '', o.exitCode)}"${o.why ? ` (${o.why})` : ''}` +
    (o.logs.length ? `\nLog terakhir:\n${o.logs.join('\n')}` : '')
  );
}

/** For the interrupted notice: how the user sees whether the container changed. */
export function controlHowToCheck(data: JobData<`docker.${Verb}`>): Html {
  return html`buka 🐳 Container di 🧰 Kontrol untuk melihat status ${data.container}, atau jalankan ${code(`docker ps -a --filter name=${data.container}`)}`;
}
