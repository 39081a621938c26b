import type { SmartGrowth, SmartRecord } from '@potion/jobs';

/** The attributes that predict a failing disk, in the order the alert names them. */
export const PREDICTIVE = ['reallocatedSectors', 'pendingSectors', 'uncorrectableSectors', 'crcErrors'] as const;

/** What grew between two weekly records of the same disk (power-on hours always grow: not compared). */
export function smartGrowthOf(prev: SmartRecord | undefined, cur: SmartRecord): SmartGrowth[] {
  if (!prev) return [];
  const out: SmartGrowth[] = [];
  for (const attr of PREDICTIVE) {
    const a = prev[attr];
    const b = cur[attr];
    if (a !== undefined && b !== undefined && b > a) out.push({ attr, from: a, to: b });
  }
  if (prev.passed !== false && cur.passed === false) out.push({ attr: 'passed', from: 1, to: 0 });
  return out;
}

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
