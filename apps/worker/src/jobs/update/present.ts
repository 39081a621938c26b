import { CommandError } from '@potion/adapters';
import { texts } from '@potion/jobs';
import { clip } from '../../runtime/format.js';
import { userErrorText } from '../../runtime/outcome.js';
import type { Present, Presentation } from '../types.js';
import { rebootButton } from '../host/buttons.js';

/** Why a `git pull --ff-only` failed, in words (kept in the result of update.git). */
export function gitErrorText(err: unknown): string {
  const t = err instanceof CommandError ? err.stderrTail : String(err);
  if (/Not possible to fast-forward|divergent branches/i.test(t)) return 'cabang lokal sudah beda dengan remote, perlu digabung manual (tidak aku paksa)';
  if (/would be overwritten|Please commit your changes or stash/i.test(t)) return 'ada perubahan lokal yang belum di-commit, pull dibatalkan supaya tidak hilang';
  if (/dubious ownership/i.test(t)) return 'git menolak karena pemilik folder beda (perlu git config --global --add safe.directory)';
  if (/not a git repository/i.test(t)) return 'folder ini bukan repo git';
  if (/There is no tracking information|no upstream configured/i.test(t)) return 'branch ini belum punya upstream (git branch --set-upstream-to)';
  if (/does not appear to be a git repository|Could not read from remote repository/i.test(t)) return 'remote tidak bisa dibaca (alamatnya salah atau repo-nya sudah tidak ada?)';
  if (/Could not resolve host|unable to access|Connection timed out/i.test(t)) return 'tidak bisa menghubungi remote (internet?)';
  if (/Authentication failed|could not read Username|Permission denied \(publickey\)/i.test(t)) return 'remote minta login; pakai deploy key atau URL publik';
  return userErrorText(err);
}

/**
 * PRD §21 for a result made of several folders: all went well, the listing under "Beres! ✅
 * Ringkasan:" (the job wrapper adds it); one failed, "Kenapa ya... ❌" with how many, then the
 * listing that says which and why. No "coba ulang": a diverged repo or a missing lock file is
 * not cured by trying again.
 */
function templated(lines: readonly string[], failed: number, total: number, what: string): Presentation {
  if (failed === 0) return { text: lines.join('\n') };
  return { text: `${texts.DONE_FAIL(`${failed} dari ${total} ${what} gagal, rinciannya di bawah`, false)}\n\n${lines.join('\n')}`, raw: true };
}

// Success in "Beres! ✅ Ringkasan:" (PRD §21); a failure throws and gets "Kenapa ya...".
export const presentApt: Present<'update.apt'> = (r) => {
  const lines: string[] = [];
  if (r.counts.upgraded === 0 && r.counts.newlyInstalled === 0) lines.push('🔄 Semua paket sudah versi terbaru, tidak ada yang di-upgrade.');
  else {
    lines.push(`🔄 ${r.counts.upgraded} paket di-upgrade${r.counts.newlyInstalled ? `, ${r.counts.newlyInstalled} paket baru` : ''}:`);
    for (const p of r.upgraded.slice(0, 25)) lines.push(`• ${p.name}${p.to ? ` → ${p.to}` : ''}`);
    if (r.upgraded.length > 25) lines.push(`… dan ${r.upgraded.length - 25} lagi`);
  }
  if (r.keptBack.length) lines.push(`⏸️ Ditahan (butuh keputusan manual): ${r.keptBack.slice(0, 10).join(', ')}`);
  if (r.deferred.length) lines.push(`🕒 Ditunda bertahap oleh Ubuntu: ${r.deferred.length} paket`);
  for (const p of r.updateProblems.slice(0, 3)) lines.push(`⚠️ ${clip(p, 150)}`);
  if (r.rebootRequired) lines.push('', '🔁 Perlu reboot supaya update aktif. Tekan ♻️ Reboot sekarang kalau sudah siap (ada konfirmasi dulu).');
  return { text: lines.join('\n'), ...(r.rebootRequired ? { buttons: [[rebootButton()]] } : {}) };
};

export const aptHowToCheck: () => string = () => 'jalankan `sudo apt-get -s upgrade` dan lihat /var/log/apt/history.log';

export const presentGit: Present<'update.git'> = (r) => {
  // Nothing ran: a how-to, not a result (no template).
  if (r.repos.length === 0) return { text: '📥 Belum ada repo yang diatur. Tambahkan UPDATE_REPOS="/path/repo1,/path/repo2" di .env lalu restart worker.', raw: true };
  const lines = ['📥 Pull repos (git pull --ff-only)'];
  for (const x of r.repos) {
    lines.push('');
    if (!x.ok) {
      lines.push(`❌ ${x.dir}: ${x.error ?? 'gagal'}`);
      continue;
    }
    if (x.commits.length === 0) {
      lines.push(`✅ ${x.dir} (${x.branch ?? '?'}): sudah terbaru`);
      continue;
    }
    lines.push(`⬇️ ${x.dir} (${x.branch ?? '?'}): ${x.commits.length} commit baru, ${x.files.length} file berubah`);
    for (const c of x.commits.slice(0, 8)) lines.push(`  • ${c.hash} ${clip(c.subject, 60)}`);
    if (x.commits.length > 8) lines.push(`  … dan ${x.commits.length - 8} commit lagi`);
    for (const f of x.files.slice(0, 8)) lines.push(`  📄 ${clip(f, 60)}`);
    if (x.files.length > 8) lines.push(`  … dan ${x.files.length - 8} file lagi`);
  }
  return templated(lines, r.repos.filter((x) => !x.ok).length, r.repos.length, 'repo');
};

export const gitHowToCheck: () => string = () => 'jalankan `git status` dan `git log -3` di folder repo';

export const presentDeps: Present<'update.deps'> = (r) => {
  // Nothing ran: a how-to, not a result (no template).
  if (r.projects.length === 0) return { text: '📦 Belum ada folder proyek yang diatur. Tambahkan UPDATE_DEPS_DIRS="/path/proyek" di .env lalu restart worker.', raw: true };
  const lines = ['📦 Sinkron dependensi dari lock file'];
  for (const p of r.projects) {
    lines.push('', `${p.ok ? '✅' : '❌'} ${p.dir}${p.tool ? ` · ${p.tool} (${p.lockFile})` : ''}`, `   ${clip(p.summary, 200)}`);
    for (const c of p.changed.slice(0, 6)) lines.push(`   • ${clip(c, 60)}`);
    if (p.changed.length > 6) lines.push(`   … dan ${p.changed.length - 6} lagi`);
  }
  return templated(lines, r.projects.filter((p) => !p.ok).length, r.projects.length, 'folder');
};

export const depsHowToCheck: () => string = () => 'jalankan `npm ls --depth=0` atau `.venv/bin/pip list` di folder proyek';
