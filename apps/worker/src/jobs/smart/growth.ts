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
