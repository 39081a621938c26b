import type { SnapshotDir } from './layout.js';
import { deleteSnapshotDir } from './layout.js';

export interface RetentionPolicy {
  /** Newest snapshot of each of the newest N days that have one. Default 14. */
  daily: number;
  /** Newest snapshot of each of the newest N ISO weeks that have one. Default 8. */
  weekly: number;
  /** Safety snapshots (taken before a restore) are kept at least this long. Default 7 days. */
  safetyKeepMs?: number;
}

export interface PruneCandidate {
  name: string;
  finishedAt: number;
  status: 'ok' | 'partial';
  trigger: string;
}

/** ISO week of a YYYY-MM-DD date, e.g. "2026-W48" (weeks start on Monday). */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = (t.getUTCDay() + 6) % 7;
  t.setUTCDate(t.getUTCDate() - day + 3);
  const year = t.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((t.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Decides which snapshots to keep: the newest regular snapshot of each of the last `daily`
 * days and of each of the last `weekly` weeks, recent safety snapshots, and always the
 * newest good (status ok) regular snapshot. Names start with the local date, so the buckets follow the name.
 */
export function planPrune(snaps: readonly PruneCandidate[], policy: RetentionPolicy, now: number): { keep: string[]; remove: string[] } {
  const newestFirst = [...snaps].sort((a, b) => (a.name < b.name ? 1 : -1));
  // Safety snapshots (the state a restore replaced, often the broken one) have their own
  // rule: they must not take a day's or week's place from the backup that was restored.
  const regular = newestFirst.filter((s) => s.trigger !== 'safety');
  const keep = new Set<string>();
  const bucket = (key: (s: PruneCandidate) => string, n: number) => {
    const seen = new Set<string>();
    for (const s of regular) {
      const k = key(s);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.add(s.name);
    }
  };
  bucket((s) => s.name.slice(0, 10), policy.daily);
  bucket((s) => isoWeek(s.name.slice(0, 10)), policy.weekly);
  const safetyMs = policy.safetyKeepMs ?? 7 * 86400_000;
  for (const s of newestFirst) if (s.trigger === 'safety' && now - s.finishedAt < safetyMs) keep.add(s.name);
  const newestGood = regular.find((s) => s.status === 'ok') ?? newestFirst.find((s) => s.status === 'ok');
  if (newestGood) keep.add(newestGood.name);
  const keepList = newestFirst.filter((s) => keep.has(s.name)).map((s) => s.name).reverse();
  const remove = newestFirst.filter((s) => !keep.has(s.name)).map((s) => s.name).reverse();
  return { keep: keepList, remove };
}

/** Deletes what planPrune drops. The caller holds the backup lock. */
export async function prune(backupDir: string, snaps: readonly SnapshotDir[], policy: RetentionPolicy, now: number): Promise<{ keep: string[]; remove: string[] }> {
  const plan = planPrune(
    snaps.map((s) => ({ name: s.name, finishedAt: s.summary.finishedAt, status: s.summary.status, trigger: s.summary.trigger })),
    policy,
    now,
  );
  for (const name of plan.remove) await deleteSnapshotDir(backupDir, name);
  return plan;
}
