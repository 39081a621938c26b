import { buttons, probeFailure, type HostSample } from '@potion/jobs';
import { alertTexts } from './texts.js';
import type { Level, Observation } from './types.js';

export const probeAlertId = (unit: string) => `probe.${unit}`;
export const isProbeAlert = (id: string) => id.startsWith('probe.');

/**
 * "Is it really serving?" (pure): a probe that fails while its unit is active is bad after
 * `forMs`; the 🔁 Restart button is the alert restart flow of the service alerts. While the
 * unit is not active the service alert speaks for it (hold). A unit stopped on purpose from
 * the bot gets no observation: nothing is expected to answer, and its open probe alert is
 * dropped without a message (the admin stopped it; "jawab lagi" would not be true).
 */
export function observeProbes(s: HostSample, opts: { forMs: number; stoppedOnPurpose: ReadonlySet<string> }): Observation[] {
  const out: Observation[] = [];
  for (const p of s.probes) {
    const svc = s.services.find((x) => x.unit === p.unit);
    const running = !svc || svc.active === 'active';
    if (!running && opts.stoppedOnPurpose.has(p.unit)) continue;
    const level: Level = !running ? 'hold' : p.ok ? 'clear' : 'bad';
    const restart = buttons.alert.tryBuild({ kind: 'restart', unit: p.unit });
    out.push({
      id: probeAlertId(p.unit),
      family: 'service',
      level,
      forMs: opts.forMs,
      text: alertTexts.probeDown(p.unit, p.target, probeFailure(p)),
      label: p.unit,
      ...(restart !== undefined ? { buttons: [[{ text: '🔁 Restart', data: restart }]] } : {}),
    });
  }
  return out;
}
