import type { HostSample, ProbeResult } from '@potion/jobs';
import { callbacks } from './callbacks.js';
import { alertTexts } from './texts.js';
import type { Level, Observation } from './types.js';

export const probeAlertId = (unit: string) => `probe.${unit}`;
export const isProbeAlert = (id: string) => id.startsWith('probe.');

/** Why a probe failed, in words: "timeout 3 detik", "port ditutup", "jawab 500". */
export function probeFailure(p: ProbeResult): string {
  switch (p.failure) {
    case 'timeout':
      return `timeout ${Math.round(p.timeoutMs / 1000)} detik`;
    case 'refused':
      return 'koneksi ditolak, port-nya gak ada yang dengerin';
    case 'status':
      return `jawab ${p.status ?? '?'}${p.expectStatus !== undefined ? `, harusnya ${p.expectStatus}` : ''}`;
    default:
      return `error ${p.detail ?? 'tanpa keterangan'}`;
  }
}

/** "200 dalam 35 ms" (HTTP) or "port kebuka dalam 2 ms" (TCP). */
export function probeAnswer(p: ProbeResult): string {
  const took = `dalam ${Math.round(p.latencyMs ?? 0)} ms`;
  return p.kind === 'http' ? `${p.status ?? '?'} ${took}` : `port kebuka ${took}`;
}

/**
 * "Is it really serving?" (pure): a probe that fails while its unit is active is bad after
 * `forMs`; the 🔁 Restart button is the alert restart flow of the service alerts. While the
 * unit is not active the service alert speaks for it (hold), unless it was stopped on
 * purpose from the bot (clear: nothing is expected to answer).
 */
export function observeProbes(s: HostSample, opts: { forMs: number; stoppedOnPurpose: ReadonlySet<string>; fits: (data: string) => boolean }): Observation[] {
  return s.probes.map((p) => {
    const svc = s.services.find((x) => x.unit === p.unit);
    let level: Level;
    if (svc && svc.active !== 'active') level = opts.stoppedOnPurpose.has(p.unit) ? 'clear' : 'hold';
    else level = p.ok ? 'clear' : 'bad';
    const restart = callbacks.restart(p.unit);
    return {
      id: probeAlertId(p.unit),
      family: 'service',
      level,
      forMs: opts.forMs,
      text: alertTexts.probeDown(p.unit, p.target, probeFailure(p)),
      label: p.unit,
      ...(opts.fits(restart) ? { buttons: [[{ text: '🔁 Restart', data: restart }]] } : {}),
    };
  });
}
