import { dayTime, size, buttons, SEND_FILE_MAX_BYTES, type BrowseEntry, type JobResult } from '@potion/jobs';
import type { Present } from '../types.js';
import { type ButtonRows } from './present.js';

/**
 * Callback data of the browse and plan buttons, from the codecs (buttons.browse, read by the
 * bot's backup-browse menu): `bb:<token>:o<i>` opens entry i of the page kept under the token
 * (keys.backupBrowse), `p<n>` page n, `u` up, `r` restore it, `s` send it; `bk:go:<token>`
 * continues a restore plan (keys.restorePlan) to its confirmation.
 */
export const browseData = {
  open: (token: string, i: number) => buttons.browse.build({ token, act: 'open', n: i }),
  page: (token: string, n: number) => buttons.browse.build({ token, act: 'page', n }),
  up: (token: string) => buttons.browse.build({ token, act: 'up', n: 0 }),
  restore: (token: string) => buttons.browse.build({ token, act: 'restore', n: 0 }),
  send: (token: string) => buttons.browse.build({ token, act: 'send', n: 0 }),
  planGo: (token: string) => buttons.backup.build({ kind: 'plan-go', token }),
} as const;

const ICON: Record<BrowseEntry['kind'], string> = { dir: '📁', file: '📄', link: '🔗', other: '❔' };
const label = (e: BrowseEntry): string => {
  const t = `${ICON[e.kind]} ${e.name}`;
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
};

export function browseText(r: JobResult<'backup.browse'>, timeZone: string): string {
  if (r.kind === 'file' && r.file) {
    const f = r.file;
    const lines = [`${ICON[f.kind]} ${r.path ?? f.name}`, `📦 Snapshot ${r.snapshot}`, `💾 ${size(f.bytes)} · 🕑 diubah ${dayTime(f.mtime, timeZone)}`];
    if (f.kind === 'file' && f.bytes > SEND_FILE_MAX_BYTES) lines.push(`ℹ️ Lebih dari ${size(SEND_FILE_MAX_BYTES)}, jadi tidak bisa dikirim ke chat; restore saja kalau perlu.`);
    return lines.join('\n');
  }
  const where = r.path ?? 'folder yang di-backup';
  const lines = [`📂 Snapshot ${r.snapshot} · ${where}`, `${r.total} isi${r.pages > 1 ? ` · halaman ${r.page + 1}/${r.pages}` : ''}`];
  if (r.total === 0) lines.push('', '(kosong)');
  else lines.push('', ...r.entries.map((e) => `${ICON[e.kind]} ${e.name} · ${size(e.bytes)} · ${dayTime(e.mtime, timeZone)}`));
  return lines.join('\n');
}

export function browseButtons(r: JobResult<'backup.browse'>): ButtonRows {
  const t = r.token;
  const rows: ButtonRows = [];
  r.entries.forEach((e, i) => {
    if (i % 2 === 0) rows.push([]);
    rows.at(-1)!.push({ text: label(e), data: browseData.open(t, i) });
  });
  const nav = [
    ...(r.page > 0 ? [{ text: '⬅️', data: browseData.page(t, r.page - 1) }] : []),
    ...(r.hasParent ? [{ text: '⬆️ Naik', data: browseData.up(t) }] : []),
    ...(r.page < r.pages - 1 ? [{ text: '➡️', data: browseData.page(t, r.page + 1) }] : []),
  ];
  if (nav.length) rows.push(nav);
  if (r.kind === 'dir') rows.push([{ text: '♻️ Restore folder ini', data: browseData.restore(t) }]);
  if (r.kind === 'file' && r.file) {
    rows.push([
      { text: '♻️ Restore file ini', data: browseData.restore(t) },
      ...(r.file.kind === 'file' && r.file.bytes <= SEND_FILE_MAX_BYTES ? [{ text: '📤 Kirim ke chat', data: browseData.send(t) }] : []),
    ]);
  }
  return rows;
}

export const presentBrowse: Present<'backup.browse'> = (r, _data, ctx) => {
  const buttons = browseButtons(r);
  return { text: browseText(r, ctx.config.timezone), raw: true, ...(buttons.length ? { buttons } : {}) };
};

export function restorePlanText(r: JobResult<'backup.restorePlan'>): string {
  const lines = [`♻️ Rencana restore dari snapshot ${r.snapshot}`, `📁 Yang dikembalikan: ${r.targets.join(', ')}`];
  if (r.skipped.length) lines.push(`ℹ️ Tidak dikembalikan: ${r.skipped.join(', ')}`);
  lines.push(
    r.services.length
      ? `🛑 Service yang aku hentikan dulu, lalu nyalakan lagi setelah selesai: ${r.services.join(', ')}`
      : '🟢 Tidak ada service (dari SERVICES_WHITELIST) yang filenya ikut ditimpa, jadi tidak ada yang dihentikan.',
    '🛟 Kondisi sekarang disimpan dulu sebagai snapshot pengaman.',
    'Tekan ♻️ Lanjut restore untuk konfirmasi.',
  );
  return lines.join('\n');
}

export const presentRestorePlan: Present<'backup.restorePlan'> = (r) => ({
  text: restorePlanText(r),
  raw: true,
  buttons: [[{ text: '♻️ Lanjut restore', data: browseData.planGo(r.token) }]],
});

export const presentSendFile: Present<'backup.sendFile'> = (r) => ({
  text: `📤 ${r.path} dari snapshot ${r.snapshot} (${size(r.bytes)})`,
  raw: true,
  document: { path: r.export, filename: r.filename },
});
