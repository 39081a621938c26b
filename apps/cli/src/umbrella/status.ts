import type { UnitState } from '@potion/adapters/systemctl';
import { APP_PROCESSES } from './lines.js';

/**
 * The one line `systemctl status potion-runner` shows as "Status:" (sd_notify STATUS=):
 * each process with its state and main PID, and where to look when one is not running.
 */
export function statusText(states: readonly UnitState[]): string {
  const parts = APP_PROCESSES.map((p) => {
    const s = states.find((x) => x.unit === p.unit);
    if (!s || !s.found) return `${p.name}: not installed`;
    const state = s.sub && s.sub !== s.active ? `${s.active} (${s.sub})` : s.active;
    return `${p.name}: ${state}${s.mainPid ? ` PID ${s.mainPid}` : ''}`;
  });
  const down = APP_PROCESSES.filter((p) => states.find((x) => x.unit === p.unit)?.active !== 'active');
  const hint = down.length ? ` (details: systemctl status ${down.map((p) => p.unit.replace(/\.service$/, '')).join(' ')})` : '';
  return `${parts.join(' · ')}${hint}`;
}
