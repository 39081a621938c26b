import { listSnapshots, type SnapshotDir } from '../backup/layout.js';

export interface Picked {
  snap: SnapshotDir;
  /** The snapshot had no verification yet and passed one just now. */
  verifiedNow: boolean;
  /** Newer snapshots left out because their verification failed. */
  skipped: string[];
}

/** Unverified snapshots verified here at most, newest first, before giving up. */
export const MAX_VERIFY_NOW = 3;

/**
 * The newest snapshot whose last verification passed. One never verified is verified (quick)
 * first by `verify`; one whose verification failed is skipped and named. Undefined when no
 * snapshot qualifies.
 */
export async function pickVerifiedSnapshot(backupDir: string, verify: (s: SnapshotDir) => Promise<boolean>): Promise<Picked | undefined> {
  const snaps = (await listSnapshots(backupDir)).reverse();
  const skipped: string[] = [];
  let verifiedHere = 0;
  for (const snap of snaps) {
    if (snap.verified) {
      if (snap.verified.ok) return { snap, verifiedNow: false, skipped };
      skipped.push(snap.name);
      continue;
    }
    if (verifiedHere >= MAX_VERIFY_NOW) continue;
    verifiedHere += 1;
    if (await verify(snap)) return { snap, verifiedNow: true, skipped };
    skipped.push(snap.name);
  }
  return undefined;
}
