import { html, pre, size, type JobData } from '@potion/jobs';
import { clip } from '../../runtime/format.js';
import type { Present } from '../types.js';

type Source = JobData<'logs.tail'>['source'];

const SOURCE_NAME: Record<Source, string> = { runtime: 'runtime.log', journal: 'journal', dmesg: 'dmesg (kernel)' };
const title = (source: Source, unit: string | undefined) => (source === 'journal' ? `journal ${unit ?? ''}` : SOURCE_NAME[source]);

const limitedNote = '\n\nℹ️ Sebagian log sistem tersembunyi: user service belum masuk grup systemd-journal (sudo usermod -aG systemd-journal <user>).';

// Log lines are readings (a listing), not the outcome of an action: no PRD §21 "Beres!" (raw).
export const presentTail: Present<'logs.tail'> = (r) => ({
  text:
    r.lines.length
      ? html`📜 ${title(r.source, r.unit)} — ${r.lines.length} baris terakhir\n\n${pre(r.lines.join('\n'))}${r.limited ? limitedNote : ''}`
      : `📜 ${title(r.source, r.unit)}: belum ada isinya.${r.limited ? limitedNote : ''}`,
  raw: true,
});

export const presentSearch: Present<'logs.search'> = (r) => {
  const q = `"${clip(r.word, 40)}"`;
  if (r.total === 0) return { text: `🔍 Tidak ada baris berisi ${q} di ${title(r.source, r.unit)} (${r.scanned} baris terakhir dicek).${r.limited ? limitedNote : ''}`, raw: true };
  const more = r.total > r.lines.length ? ` (${r.lines.length} terbaru ditampilkan)` : '';
  return { text: html`🔍 ${r.total} baris berisi ${q} di ${title(r.source, r.unit)}${more}\n\n${pre(r.lines.join('\n'))}${r.limited ? limitedNote : ''}`, raw: true };
};

export const presentFile: Present<'logs.file'> = (r) => ({
  text: r.empty
    ? `📎 ${title(r.source, r.unit)} masih kosong, filenya tetap aku kirim.`
    : `📎 ${title(r.source, r.unit)}: ${size(r.originalBytes)}${r.compressed ? `, dikompres jadi ${size(r.bytes)} (.gz, buka dengan aplikasi arsip)` : ''}`,
  raw: true,
  document: { path: r.path, filename: r.filename },
});
