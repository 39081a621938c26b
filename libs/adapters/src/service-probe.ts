import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';

/** What one "is it really serving?" probe saw (libs/jobs ProbeResult without the unit). */
export interface ServiceProbeAnswer {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  failure: 'timeout' | 'refused' | 'status' | 'error' | null;
  detail?: string;
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

function failed(err: unknown, timedOut: boolean): ServiceProbeAnswer {
  if (timedOut) return { ok: false, status: null, latencyMs: null, failure: 'timeout' };
  const code = (err as { code?: unknown }).code;
  const detail = (typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)).slice(0, 200);
  return { ok: false, status: null, latencyMs: null, failure: code === 'ECONNREFUSED' ? 'refused' : 'error', detail };
}

/** The URL as shown and stored: without user and password. */
export function probeTarget(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

/**
 * One GET of `url` with node's http/https (no shell, no redirects followed, no keep-alive):
 * ok when the status is `expectStatus`, or any 2xx/3xx without one. The answer counts at
 * the status line; the body is not read. Settles within `timeoutMs` whatever the server does.
 */
export function probeHttp(url: string, opts: { timeoutMs: number; expectStatus?: number }): Promise<ServiceProbeAnswer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (a: ServiceProbeAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish(failed(undefined, true)), opts.timeoutMs);
    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const ok = opts.expectStatus !== undefined ? status === opts.expectStatus : status >= 200 && status < 400;
      res.destroy();
      finish({ ok, status, latencyMs: ms(t0), failure: ok ? null : 'status' });
    };
    try {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      req = send(url, { method: 'GET', agent: false, headers: { 'user-agent': 'potion-runner-probe', connection: 'close' } }, onResponse);
      req.on('error', (err) => finish(failed(err, false)));
      req.end();
    } catch (err) {
      finish(failed(err, false));
    }
  });
}

/** One TCP connect to host:port, closed at once: ok when accepted within `timeoutMs`. */
export function probeTcp(host: string, port: number, opts: { timeoutMs: number }): Promise<ServiceProbeAnswer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (a: ServiceProbeAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish(failed(undefined, true)), opts.timeoutMs);
    socket.once('connect', () => finish({ ok: true, status: null, latencyMs: ms(t0), failure: null }));
    socket.once('error', (err) => finish(failed(err, false)));
    socket.connect({ host, port });
  });
}
