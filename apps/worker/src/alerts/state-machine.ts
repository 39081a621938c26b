import type { AlertEvent, AlertState, Observation, Timing } from './types.js';

export interface StepResult {
  /** Undefined: the alert is ok (no hash in Redis). */
  next: AlertState | undefined;
  event?: AlertEvent;
}

/**
 * One step of the anti-spam state machine of one alert (pure). The rules:
 * - it fires once the condition has been `bad` for `forMs` (a `hold` keeps a pending
 *   alert pending but never fires it);
 * - while it lasts, nothing is sent except a reminder once `remindMs` has passed since the
 *   last one;
 * - it recovers only after `clearForMs` of `clear` observations; a `bad` or `hold` on the
 *   way puts it back to firing without a message, so a value flapping around the
 *   threshold sends nothing more;
 * - a pending alert that clears vanishes silently.
 */
export function step(prev: AlertState | undefined, obs: Observation, now: number, t: Timing): StepResult {
  const base = { id: obs.id, family: obs.family, label: obs.label };
  if (!prev) {
    if (obs.level !== 'bad') return { next: undefined };
    const started: AlertState = { ...base, status: 'pending', since: obs.since ?? now, reminders: 0, notified: false, text: obs.text };
    if (t.forMs <= 0) return { next: { ...started, status: 'firing', firedAt: now, notifiedAt: now }, event: 'fire' };
    return { next: started };
  }
  const cur: AlertState = { ...prev, ...base, text: obs.level === 'bad' ? obs.text : prev.text };
  switch (prev.status) {
    case 'pending':
      if (obs.level === 'clear') return { next: undefined };
      if (obs.level === 'bad' && now - prev.since >= t.forMs) {
        return { next: { ...cur, status: 'firing', firedAt: now, notifiedAt: now }, event: 'fire' };
      }
      return { next: cur };
    case 'firing':
    case 'recovering': {
      if (obs.level === 'clear') {
        const clearSince = prev.status === 'recovering' && prev.clearSince !== undefined ? prev.clearSince : now;
        if (now - clearSince >= t.clearForMs) return { next: undefined, event: 'recover' };
        return { next: { ...cur, status: 'recovering', clearSince } };
      }
      const { clearSince: _dropped, ...firing } = cur;
      const last = prev.notifiedAt ?? prev.firedAt ?? prev.since;
      if (now - last >= t.remindMs) {
        return { next: { ...firing, status: 'firing', notifiedAt: now, reminders: prev.reminders + 1 }, event: 'remind' };
      }
      return { next: { ...firing, status: 'firing' } };
    }
  }
}

/** How long the episode lasted, for the recovery message: from the start to when it cleared. */
export function episodeMs(prev: AlertState, now: number): number {
  return Math.max(0, (prev.clearSince ?? now) - prev.since);
}
