/** Indonesian wording shared by every process (worker messages, bot, dashboard pages). */

/** "3 hari 4 jam" / "5 jam 12 menit" / "7 menit". */
export function duration(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return `${d} hari ${h} jam`;
  if (h > 0) return `${h} jam ${m} menit`;
  return `${m} menit`;
}
