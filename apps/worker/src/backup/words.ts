/** Byte and duration wording for backup messages (Indonesian). */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`.replace('.', ',');
}

export function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} detik`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} menit ${s % 60} detik` : `${Math.floor(m / 60)} jam ${m % 60} menit`;
}
