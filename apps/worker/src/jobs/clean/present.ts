import { buttons, type CleanKind, type JobResult, type OutboxMessage, size } from '@potion/jobs';
import { JOURNAL_KEEP_BYTES } from '@potion/adapters';
import type { Present } from '../types.js';

type Button = NonNullable<OutboxMessage['buttons']>[number][number];

const ICON: Record<CleanKind, string> = { apt: '📦', journal: '📜', autoremove: '🗑️', docker: '🐳' };
const NAME: Record<CleanKind, string> = {
  apt: 'Cache paket apt (apt-get clean)',
  journal: `Log journal lama (journalctl, sisakan ${size(JOURNAL_KEEP_BYTES)})`,
  autoremove: 'Paket yang gak kepakai lagi, termasuk kernel lama (apt-get autoremove)',
  docker: 'Image Docker yang gak kepakai (dangling, docker image prune)',
};
const SHORT: Record<CleanKind, string> = { apt: 'Cache apt', journal: 'Journal', autoremove: 'Autoremove', docker: 'Image Docker yang gak kepakai' };
const UNIT: Partial<Record<CleanKind, string>> = { apt: 'file .deb', autoremove: 'paket', docker: 'image' };

function diskLine(d: JobResult<'clean.plan'>['disk']): string[] {
  return d ? [`💽 Disk / sekarang ${d.usePercent}% (bebas ${size(d.availBytes)}).`] : [];
}

function itemLines(i: JobResult<'clean.plan'>['items'][number]): string[] {
  // vacuum deletes whole archived files, oldest first, until the rest fits: about this much.
  const what = i.kind === 'journal' ? `± ${size(i.bytes)}` : size(i.bytes);
  const unit = UNIT[i.kind];
  const count = unit && i.count > 0 ? ` · ${i.count} ${unit}` : '';
  const lines = [`${ICON[i.kind]} ${NAME[i.kind]}: ${i.bytes > 0 ? `${what}${count}` : 'sudah bersih'}`];
  for (const p of i.packages ?? []) lines.push(`   • ${p.name} ${size(p.bytes)}`);
  if (i.packages && i.count > i.packages.length) lines.push(`   … +${i.count - i.packages.length} ${unit ?? 'paket'} lagi`);
  return lines;
}

// A plan, not a result: sent as is, with buttons only for the clean-ups that would free something.
export const presentCleanPlan: Present<'clean.plan'> = (r) => {
  const worth = r.items.filter((i) => i.bytes > 0);
  const lines = ['🧹 Yang bisa dibuang biar disk lega (perkiraan, barusan diukur):', ''];
  for (const i of r.items) lines.push(...itemLines(i));
  for (const u of r.unread) lines.push(`⚠️ ${NAME[u.kind]}: gak bisa diukur (${u.error})`);
  lines.push('');
  if (worth.length === 0) return { text: [...lines, 'Udah bersih semua, gak ada yang bisa dibuang dari sini. Cek folder besar lewat 📂 Lihat yang besar ya.', ...diskLine(r.disk)].join('\n'), raw: true };
  const total = worth.reduce((n, i) => n + i.bytes, 0);
  lines.push(`Total kira-kira ${size(total)}.`, ...diskLine(r.disk), '', 'Tekan 🧹 Bersihkan (masih ada konfirmasi YA sekali lagi). Yang beneran lega nanti dihitung dari df sebelum/sesudah.');
  const all: Button = { text: `🧹 Bersihkan semua (± ${size(total)})`, data: buttons.clean.build({ kind: 'go', kinds: worth.map((i) => i.kind) }) };
  const each: Button[] = worth.length > 1 ? worth.map((i) => ({ text: `${ICON[i.kind]} ${SHORT[i.kind]} aja`, data: buttons.clean.build({ kind: 'go', kinds: [i.kind] }) })) : [];
  return { text: lines.join('\n'), raw: true, buttons: each.length ? [[all], each] : [[all]] };
};

// All went well: the usual "Beres!" summary. Something failed: said first, without "Beres!".
export const presentCleanRun: Present<'clean.run'> = (r) => {
  const freed = r.items.reduce((n, i) => n + i.freedBytes, 0);
  const failed = r.items.some((i) => !i.ok);
  const lines = [failed ? `⚠️ Bersih-bersih disk ada yang gagal. Yang lega: ${size(freed)}` : `🧹 Disk lega ${size(freed)}:`];
  for (const i of r.items) lines.push(`• ${ICON[i.kind]} ${SHORT[i.kind]}: ${i.ok ? `lega ${size(i.freedBytes)}` : `❌ gagal (${i.error ?? 'alasan tidak diketahui'})${i.freedBytes > 0 ? `, tetap lega ${size(i.freedBytes)}` : ''}`}`);
  lines.push(...diskLine(r.disk));
  if (failed) lines.push('Yang gagal gak ngubah apa-apa; detailnya ada di runtime.log.');
  return { text: lines.join('\n'), ...(failed ? { raw: true } : {}) };
};
