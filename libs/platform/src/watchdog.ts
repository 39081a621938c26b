/**
 * A systemd watchdog ping that only happens while the event loop is healthy. The ticker
 * runs on the same event loop as the application, so a loop that is blocked (a busy sync
 * loop, a runaway microtask chain) sends nothing; a loop that comes back after a long freeze
 * (measured as timer lag) skips the ping of that window too, so systemd sees the gap and
 * restarts the process, instead of a timer that pings regardless.
 */

export interface WatchdogOptions {
  /** The watchdog timeout systemd set (WatchdogSec=), in ms. */
  watchdogMs: number;
  /** How often to ping, in ms. Default: half the timeout, as sd_watchdog_enabled(3) advises. */
  pingEveryMs?: number;
  /** How often the ticker measures lag, in ms. Default: a quarter of pingEveryMs, at most 1000. */
  tickMs?: number;
  /** A timer late by more than this, in ms, means the loop was stuck: no ping for that window. Default: half the timeout. */
  maxLagMs?: number;
  /** Clock in ms. Default: performance.now (monotonic). */
  now?: () => number;
}

export interface ResolvedWatchdog {
  watchdogMs: number;
  pingEveryMs: number;
  tickMs: number;
  maxLagMs: number;
}

export function resolveWatchdog(o: WatchdogOptions): ResolvedWatchdog {
  const pingEveryMs = o.pingEveryMs ?? o.watchdogMs / 2;
  return {
    watchdogMs: o.watchdogMs,
    pingEveryMs,
    tickMs: o.tickMs ?? Math.min(1000, Math.max(10, pingEveryMs / 4)),
    maxLagMs: o.maxLagMs ?? o.watchdogMs / 2,
  };
}

export interface WatchdogState {
  /** When the previous tick ran. */
  lastTickAt: number;
  /** When the window of the next ping started (last ping, or the start). */
  windowStartAt: number;
  /** The worst timer lag seen in this window, in ms. */
  worstLagMs: number;
}

export type WatchdogAction = 'ping' | 'skip' | 'wait';

/**
 * One tick: measures how late the timer fired and decides whether this tick pings.
 * Pure, so the rules are tested without timers.
 */
export function watchdogTick(state: WatchdogState, now: number, o: ResolvedWatchdog): { state: WatchdogState; action: WatchdogAction; lagMs: number } {
  const lagMs = Math.max(0, now - state.lastTickAt - o.tickMs);
  const worstLagMs = Math.max(state.worstLagMs, lagMs);
  if (now - state.windowStartAt < o.pingEveryMs) {
    return { state: { lastTickAt: now, windowStartAt: state.windowStartAt, worstLagMs }, action: 'wait', lagMs };
  }
  const action: WatchdogAction = worstLagMs > o.maxLagMs ? 'skip' : 'ping';
  return { state: { lastTickAt: now, windowStartAt: now, worstLagMs: 0 }, action, lagMs: worstLagMs };
}

export interface WatchdogHandle {
  stop(): void;
}

/**
 * Starts the ticker. `ping` sends WATCHDOG=1; `onSkip` hears about a stuck window (log it).
 * The timer is unref'd: it never keeps a process alive on its own.
 */
export function startWatchdog(ping: () => void, opts: WatchdogOptions, onSkip?: (lagMs: number) => void): WatchdogHandle {
  const o = resolveWatchdog(opts);
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  let state: WatchdogState = { lastTickAt: t0, windowStartAt: t0, worstLagMs: 0 };
  ping();
  const timer = setInterval(() => {
    const r = watchdogTick(state, now(), o);
    state = r.state;
    if (r.action === 'ping') ping();
    else if (r.action === 'skip') onSkip?.(r.lagMs);
  }, o.tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
