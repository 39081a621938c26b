/** A ping waits at most this long: the heartbeat must never hang on a slow network. Default 5 s. */
export const PING_TIMEOUT_MS = 5_000;

export interface PingOutcome {
  ok: boolean;
  /** HTTP status when the server answered. */
  status?: number;
  /** Why it failed (timeout, DNS, refused), for the log. */
  error?: string;
  ms: number;
}

/**
 * Pings a Healthchecks.io / Uptime Kuma push URL with a GET, so a dead laptop is noticed
 * from outside (the service alerts when the pings stop). Never throws: a failed ping is
 * reported in the result and logged by the caller, and the heartbeat goes on.
 */
export async function pingHealthcheck(url: string, opts: { timeoutMs?: number; now?: () => number } = {}): Promise<PingOutcome> {
  const now = opts.now ?? Date.now;
  const started = now();
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(opts.timeoutMs ?? PING_TIMEOUT_MS), headers: { 'user-agent': 'potion-runner heartbeat' } });
    // The body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.ok, status: res.status, ...(res.ok ? {} : { error: `HTTP ${res.status}` }), ms: now() - started };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs ?? PING_TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, error, ms: now() - started };
  }
}

/** The host of a push URL, for logs (the path holds the check's secret id). */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
