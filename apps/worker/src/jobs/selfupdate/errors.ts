/**
 * deploy/self-update.sh says why it stopped in English (for the journal); the chat reads the
 * known reasons in Indonesian with what to do. Anything else is shown as the script said it.
 */
const KNOWN: ReadonlyArray<[RegExp, string]> = [
  [/self-update\/checkout: run sudo deploy\/install\.sh/, 'checkout potion-runner belum tercatat; jalankan sekali: sudo deploy/install.sh dari checkout-nya'],
  [/is not a git checkout/, 'folder yang tercatat bukan checkout git; pasang ulang dari checkout: sudo deploy/install.sh'],
  [/belongs to .*root does not build/, 'checkout-nya milik user service, root tidak mau build kode yang bisa diubah service'],
  [/is writable by everyone/, 'checkout-nya bisa diubah semua user, root tidak mau build dari situ'],
  [/git fetch failed/, 'git fetch gagal (internet, atau remote tidak bisa dibaca)'],
  [/has no upstream/, 'branch di checkout belum punya upstream (git branch --set-upstream-to=origin/main)'],
  [/does not contain the running commit/, 'riwayat upstream berubah (force-push?), jadi tidak aku paksa; update manual: git pull lalu sudo deploy/install.sh'],
  [/another self-update is running/, 'update lain masih jalan'],
  [/password is required|is not allowed to run sudo|may not run/i, 'aturan sudo belum ada; jalankan sekali: sudo deploy/install.sh dari checkout potion-runner'],
];

export function selfUpdateErrorText(raw: string): string {
  const line = raw.trim().replace(/^self-update: /, '');
  for (const [pattern, text] of KNOWN) if (pattern.test(line)) return text;
  return line;
}
