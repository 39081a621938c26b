import { clip } from '../../runtime/format.js';
import type { Present } from '../types.js';
import { proceedUpdateButton } from './buttons.js';

/** How many packages a preview keeps and shows; the rest is "+N lagi". */
export const PREVIEW_PACKAGES = 25;
/** How many incoming commits per repo a preview keeps and shows. */
export const PREVIEW_COMMITS = 10;

const NEXT_STEP = 'Kalau oke, tekan ✅ Lanjut update (masih ada konfirmasi YA sekali lagi).';

// A plan, not a result: sent as is (no "Beres! ✅ Ringkasan:"), with the button only when there is something to do.
export const presentAptPreview: Present<'update.aptPreview'> = (r) => {
  if (r.total === 0) return { text: '🔄 Semua paket sudah versi terbaru, tidak ada yang perlu di-upgrade.', raw: true };
  const lines = [`🔄 Rencana apt upgrade: ${r.total} paket bisa di-upgrade${r.security ? ` (🔐 ${r.security} update keamanan)` : ''}`, ''];
  for (const p of r.packages) {
    const versions = p.from !== undefined ? `${p.from} → ${p.to}` : `${p.to} (paket baru, upgrade aman bisa menahannya)`;
    lines.push(`${p.security ? '🔐' : '•'} ${p.name} ${versions}`);
  }
  if (r.total > r.packages.length) lines.push(`… +${r.total - r.packages.length} lagi`);
  lines.push('', 'Ini simulasi dari daftar paket terakhir (apt-get -s); saat update jalan daftarnya di-refresh dulu, jadi bisa sedikit beda.', NEXT_STEP);
  return { text: lines.join('\n'), raw: true, buttons: [[proceedUpdateButton('apt')]] };
};

export const presentGitPreview: Present<'update.gitPreview'> = (r) => {
  if (r.repos.length === 0) return { text: '📥 Belum ada repo yang diatur. Tambahkan UPDATE_REPOS="/path/repo1,/path/repo2" di .env lalu restart worker.', raw: true };
  const lines = ['📥 Yang akan ditarik (git pull --ff-only):'];
  for (const x of r.repos) {
    lines.push('');
    if (!x.ok) lines.push(`❌ ${x.dir}: ${x.error ?? 'gagal'}`);
    else if (x.total === 0) lines.push(`✅ ${x.dir} (${x.branch ?? '?'}): sudah terbaru`);
    else {
      lines.push(`⬇️ ${x.dir} (${x.branch ?? '?'}): ${x.total} commit baru`);
      for (const c of x.commits) lines.push(`  • ${c.hash} ${clip(c.subject, 60)}`);
      if (x.total > x.commits.length) lines.push(`  … +${x.total - x.commits.length} lagi`);
    }
  }
  if (!r.repos.some((x) => x.total > 0)) return { text: [...lines, '', 'Tidak ada commit baru, jadi tidak ada yang perlu ditarik.'].join('\n'), raw: true };
  return { text: [...lines, '', NEXT_STEP].join('\n'), raw: true, buttons: [[proceedUpdateButton('git')]] };
};
