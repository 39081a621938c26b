import { buttons } from '@potion/jobs';
import type { Observation } from './types.js';

/**
 * The buttons of a disk alert, "hampir penuh" (rules.ts) and "diperkirakan penuh" (forecast-rules.ts)
 * alike: the biggest folders; on / also the whitelisted clean-ups (apt cache, journal, old
 * packages), which can make room in one tap.
 */
export function diskAlertButtons(target: 'root' | 'hdd'): NonNullable<Observation['buttons']> {
  const big = { text: '📂 Lihat yang besar', data: buttons.alert.build({ kind: 'big', target }) };
  return [[big, ...(target === 'root' ? [{ text: '🧹 Bersihkan', data: buttons.clean.build({ kind: 'plan' }) }] : [])]];
}
