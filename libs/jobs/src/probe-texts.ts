import type { ProbeResult } from './sample.js';

/** How a SERVICE_PROBES answer reads, in the bot (Status, alerts) and on the dashboard. */

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
