import { clip } from '../../runtime/format.js';
import type { Present } from '../types.js';
import { buttons } from '@potion/jobs';
import { selfUpdateErrorText } from './errors.js';
import type { SelfUpdateStatus } from './status.js';

type Commit = { hash: string; subject: string };
const version = (c: Commit | undefined): string => (c ? `${c.hash} ${clip(c.subject, 60)}`.trim() : 'versi lama');

/** ⚙️ Settings → ⬆️ Update potion-runner: what runs, what would come, and the button to go on. */
export const presentSelfUpdatePreview: Present<'selfupdate.preview'> = (r) => {
  if (r.error !== undefined) return { text: `❌ Tidak bisa cek update potion-runner: ${r.error}`, raw: true };
  const lines = [`⬆️ Update potion-runner`, `Sekarang jalan: ${version(r.running)}`];
  if (r.busy) return { text: [...lines, '', '⏳ Update potion-runner lain masih jalan; hasilnya nanti dikabari.'].join('\n'), raw: true };
  if (r.total === 0) return { text: [...lines, '', `✅ Sudah versi terbaru (${r.upstream ?? 'upstream'}), tidak ada yang perlu diupdate.`].join('\n'), raw: true };
  lines.push('', `Dari ${r.upstream ?? 'upstream'} ada ${r.total} commit baru:`);
  for (const c of r.commits) lines.push(`  • ${c.hash} ${clip(c.subject, 60)}`);
  if (r.total > r.commits.length) lines.push(`  … +${r.total - r.commits.length} lagi`);
  lines.push(
    '',
    'Build jalan di server (bisa beberapa menit), lalu potion-runner restart. Kalau versi baru tidak sehat dalam 2 menit, otomatis balik ke versi lama.',
    'Kalau oke, tekan ✅ Update sekarang (masih ada konfirmasi YA sekali lagi).',
  );
  return { text: lines.join('\n'), raw: true, buttons: [[{ text: '✅ Update sekarang', data: buttons.selfUpdate.build('go') }]] };
};

export const presentSelfUpdateRun: Present<'selfupdate.run'> = (r) =>
  r.started
    ? { text: '🔧 Update potion-runner dimulai: fetch, build, lalu restart. Bot bisa diam sebentar; hasilnya (versi yang jalan) saya kabari di sini.', raw: true }
    : { text: '⏳ Update potion-runner lain masih jalan; hasilnya nanti dikabari.', raw: true };

/** The outcome of a finished run, as the chat reads it: always which version runs now. */
export function selfUpdateResultText(s: SelfUpdateStatus): string {
  const runs = `Sekarang jalan: ${version(s.running)}`;
  const why = s.error ? ` (${selfUpdateErrorText(s.error)})` : '';
  switch (s.outcome) {
    case 'updated':
      return `✅ potion-runner sudah diupdate dan sehat.\n${runs}`;
    case 'rolled-back':
      return `↩️ Versi baru ${version(s.target)} tidak sehat${why}, jadi balik ke versi lama.\n${runs}`;
    case 'build-failed':
      return `❌ Build versi ${version(s.target)} gagal${why}. Tidak ada yang diganti, versi lama tetap jalan.\n${runs}`;
    case 'up-to-date':
      return `✅ potion-runner sudah versi terbaru, tidak ada yang diupdate.\n${runs}`;
    default:
      return `❌ Update potion-runner gagal${why}. Yang jalan tetap versi sebelumnya.\n${s.running ? runs : 'Cek: systemctl status potion-runner'}`;
  }
}
