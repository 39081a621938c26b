/** Plain HTTP probes that need no third-party account: the public address and a quick speed test. */

export interface SpeedResult {
  url: string;
  bytes: number;
  ms: number;
  /** Megabits per second. */
  mbps: number;
  /** Time to the first byte of the body, in ms (a rough latency). */
  firstByteMs: number;
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Give up after this many ms. Default 10000 (public IP) / 30000 (speed). */
  timeoutMs?: number;
  /** Stop reading after this many bytes (speed test). Default 25 MB. */
  maxBytes?: number;
  /** Called as bytes arrive (speed test), for progress. */
  onBytes?: (bytes: number) => void;
}

function signalFor(opts: ProbeOptions, def: number): AbortSignal {
  const t = AbortSignal.timeout(opts.timeoutMs ?? def);
  return opts.signal ? AbortSignal.any([opts.signal, t]) : t;
}

/** The address the internet sees, from a URL that answers with just the address (api.ipify.org). */
export async function publicAddress(url: string, opts: ProbeOptions = {}): Promise<string> {
  const res = await fetch(url, { signal: signalFor(opts, 10_000), redirect: 'follow' });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const text = (await res.text()).trim().slice(0, 100);
  if (!/^[0-9a-fA-F:.]{2,45}$/.test(text)) throw new Error(`${url} did not answer with an IP address`);
  return text;
}

/** Downloads `url` (up to maxBytes) and times it. */
export async function downloadSpeed(url: string, opts: ProbeOptions = {}): Promise<SpeedResult> {
  const maxBytes = opts.maxBytes ?? 25_000_000;
  const signal = signalFor(opts, 30_000);
  const t0 = performance.now();
  const res = await fetch(url, { signal, redirect: 'follow', headers: { 'cache-control': 'no-cache' } });
  if (!res.ok || !res.body) throw new Error(`${url} answered HTTP ${res.status}`);
  const reader = res.body.getReader();
  let bytes = 0;
  let firstByteMs = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    bytes += value.byteLength;
    opts.onBytes?.(bytes);
    if (bytes >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  const ms = Math.max(1, performance.now() - t0);
  return { url, bytes, ms: Math.round(ms), mbps: Math.round(((bytes * 8) / (ms / 1000) / 1e6) * 10) / 10, firstByteMs: Math.round(Math.max(0, firstByteMs)) };
}
