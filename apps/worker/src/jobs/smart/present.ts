import { code, html, type SmartGrowth, type SmartRecord } from '@potion/jobs';
import type { Present } from '../types.js';

const MEANING: Record<SmartGrowth['attr'], { name: string; means: string }> = {
  reallocatedSectors: { name: 'Sektor yang dipindah (reallocated)', means: 'bagian disk yang rusak sudah diganti cadangan; kalau terus naik, disk sedang menua' },
  pendingSectors: { name: 'Sektor menunggu (pending)', means: 'ada bagian disk yang susah dibaca; data di situ bisa hilang' },
  uncorrectableSectors: { name: 'Sektor tak terbaca (offline uncorrectable)', means: 'ada data yang sudah tidak bisa dibaca lagi' },
  crcErrors: { name: 'Error kabel (UDMA CRC)', means: 'biasanya kabel/konektor SATA longgar atau jelek, bukan disknya' },
  passed: { name: 'Penilaian SMART', means: 'disk sendiri bilang dirinya GAGAL' },
};

/** The alert for one disk whose predictive values grew: what it means and the one safe thing to do. */
export function smartAlertText(rec: SmartRecord, grown: readonly SmartGrowth[]): string {
  const lines = [`💽⚠️ Disk ${rec.device}${rec.model ? ` (${rec.model})` : ''} menunjukkan tanda menua sejak cek minggu lalu:`];
  for (const g of grown) {
    const m = MEANING[g.attr];
    lines.push(g.attr === 'passed' ? `• ${m.name}: sekarang GAGAL — ${m.means}` : `• ${m.name}: ${g.from} → ${g.to} — ${m.means}`);
  }
  const onlyCable = grown.every((g) => g.attr === 'crcErrors');
  lines.push(
    onlyCable
      ? 'Yang aman dilakukan: backup sekarang (💾 Backup → Backup now), lalu cek/ganti kabel SATA-nya; kalau tetap naik, siapkan HDD pengganti.'
      : 'Yang aman dilakukan: backup sekarang (💾 Backup → Backup now), siapkan HDD pengganti.',
  );
  return lines.join('\n');
}

// Disks that got worse are told as alerts (smartAlertText), not as "Beres!": raw on purpose.
export const presentCheck: Present<'smart.check'> = (r) => {
  if (r.state === 'not-installed') return { text: html`💽 SMART: smartctl belum terpasang. Pasang dengan ${code('sudo apt install smartmontools')} supaya kesehatan disk bisa dicek.` };
  if (r.state !== 'ok') return { text: `💽 SMART tidak bisa dibaca: ${r.note ?? 'alasan tidak diketahui'}` };
  const grown = r.disks.filter((d) => d.grown.length);
  if (grown.length === 0) return { text: `💽 Cek SMART: ${r.disks.length} disk dicek, tidak ada yang memburuk sejak cek terakhir.` };
  return { text: grown.map((d) => smartAlertText(d.record, d.grown)).join('\n\n'), raw: true };
};
