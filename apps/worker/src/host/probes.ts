import { probeHttp, probeTarget, probeTcp } from '@potion/adapters';
import type { ProbeResult } from '@potion/jobs';
import type { ServiceProbe } from '@potion/platform';

/**
 * Runs every SERVICE_PROBES check at once (issue 19 point 1): each settles within
 * `timeoutMs`, so a hanging service delays the sample by at most that.
 */
export function runProbes(probes: readonly ServiceProbe[], timeoutMs: number): Promise<ProbeResult[]> {
  return Promise.all(
    probes.map(async (p): Promise<ProbeResult> => {
      const answer = p.kind === 'http' ? await probeHttp(p.url, { timeoutMs, ...(p.expectStatus !== undefined ? { expectStatus: p.expectStatus } : {}) }) : await probeTcp(p.host, p.port, { timeoutMs });
      const target = p.kind === 'http' ? probeTarget(p.url) : `${p.host}:${p.port}`;
      return { unit: p.unit, kind: p.kind, target, timeoutMs, ...(p.kind === 'http' && p.expectStatus !== undefined ? { expectStatus: p.expectStatus } : {}), ...answer };
    }),
  );
}
