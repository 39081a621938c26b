import { z } from 'zod';
import { csv, envVar, int, type CrossCheck, type EnvOf } from './declare.js';
import { unitName } from '../unit-name.js';

/**
 * One "is it really serving?" check of a whitelisted unit (issue 19 point 1): an HTTP(S) GET
 * that must answer with the expected status, or a TCP connect that must be accepted.
 */
export type ServiceProbe =
  | {
      unit: string;
      kind: 'http';
      /** http:// or https:// URL, as written in .env. */
      url: string;
      /** The status that counts as "serving"; undefined: any 2xx or 3xx. */
      expectStatus?: number;
    }
  | { unit: string; kind: 'tcp'; host: string; port: number };

const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252})$/;

/** `unit=URL`, `unit=URL|204` or `unit=tcp://host:port`; the message says what is wrong. */
function parseOne(entry: string): ServiceProbe | string {
  const eq = entry.indexOf('=');
  if (eq < 0) return `"${entry}" is not unit=URL`;
  const unit = entry.slice(0, eq).trim();
  const target = entry.slice(eq + 1).trim();
  const u = unitName.safeParse(unit);
  if (!u.success) return `"${unit}": ${u.error.issues[0]?.message ?? 'invalid'}`;
  const tcp = /^tcp:\/\/(.+):(\d{1,5})$/.exec(target);
  if (tcp) {
    const host = tcp[1]!;
    const port = Number(tcp[2]);
    if (!HOST.test(host) || port < 1 || port > 65_535) return `"${target}" is not tcp://host:port`;
    return { unit, kind: 'tcp', host: host.replace(/^\[|\]$/g, ''), port };
  }
  const http = /^(https?:\/\/[^\s|]+?)(?:\|(\d{3}))?$/.exec(target);
  if (!http) return `"${target}" must be an http(s):// URL (optionally |status) or tcp://host:port`;
  try {
    new URL(http[1]!);
  } catch {
    return `"${http[1]}" is not a valid URL`;
  }
  const expect = http[2] === undefined ? undefined : Number(http[2]);
  if (expect !== undefined && (expect < 100 || expect > 599)) return `"|${expect}" is not an HTTP status`;
  return { unit, kind: 'http', url: http[1]!, ...(expect !== undefined ? { expectStatus: expect } : {}) };
}

export const probeList = z.string().transform((s, ctx): readonly ServiceProbe[] => {
  const out: ServiceProbe[] = [];
  for (const entry of csv(s)) {
    const p = parseOne(entry);
    if (typeof p === 'string') {
      ctx.addIssue({ code: 'custom', message: p });
      return z.NEVER;
    }
    if (out.some((q) => q.unit === p.unit)) {
      ctx.addIssue({ code: 'custom', message: `"${p.unit}" has more than one probe` });
      return z.NEVER;
    }
    out.push(p);
  }
  return out;
});

export const probeVars = {
  SERVICE_PROBES: envVar({
    schema: probeList,
    default: '',
    fix: 'comma-separated unit=URL pairs of whitelisted units, an HTTP(S) URL (optionally |status) or tcp://host:port, e.g. SERVICE_PROBES="n8n.service=http://127.0.0.1:5678/healthz, mcp.service=tcp://127.0.0.1:8765"',
    description: 'Per whitelisted unit, a check that it really answers (HTTP status or TCP port), every sample.',
  }),
  SERVICE_PROBE_TIMEOUT_SEC: envVar({ schema: int(1, 30), default: '3', description: 'Seconds one service probe may take before it counts as "gak jawab".' }),
  ALERT_PROBE_FOR_SEC: envVar({ schema: int(0, 86_400), default: '60', description: 'Seconds a service probe must keep failing before an alert.' }),
};

/** A probe of a unit the bot does not watch: its restart button could never work. */
export function probeCheck(e: EnvOf<typeof probeVars> & { SERVICES_WHITELIST: readonly string[] }): CrossCheck | undefined {
  const stray = e.SERVICE_PROBES.filter((p) => !e.SERVICES_WHITELIST.includes(p.unit)).map((p) => `"${p.unit}"`);
  if (stray.length === 0) return undefined;
  return {
    problem: { variable: 'SERVICE_PROBES', problem: `probes ${stray.join(', ')}, which ${stray.length === 1 ? 'is' : 'are'} not in SERVICES_WHITELIST`, fix: `add the unit to SERVICES_WHITELIST or remove its probe; ${probeVars.SERVICE_PROBES.fix}` },
    blame: ['SERVICE_PROBES', 'SERVICES_WHITELIST'],
  };
}

export function probeConfig(e: EnvOf<typeof probeVars>) {
  return {
    /** "Is it really serving?" checks, only of whitelisted units (probeCheck). */
    serviceProbes: e.SERVICE_PROBES,
    serviceProbeTimeoutMs: e.SERVICE_PROBE_TIMEOUT_SEC * 1000,
    /** A probe must fail this long before its alert. */
    probeForMs: e.ALERT_PROBE_FOR_SEC * 1000,
  };
}
